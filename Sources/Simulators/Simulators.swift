@_exported import OdooSimulator
@_exported import MedusaSimulator
