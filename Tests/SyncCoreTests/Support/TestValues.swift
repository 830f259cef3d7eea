import CryptoDigest
import Foundation
@testable import SyncCore

/// Exact decimal from text (a Double literal would drift: 840.4 is not 840.4 in binary).
func dec(_ text: String) -> Decimal { Decimal(string: text)! }

func odooDate(_ text: String) -> OdooDateTime { OdooDateTime(text)! }

/// A moment inside the demo's global 2026 rule ("Retail USD" −5 %, 2026-01-01..2026-12-31).
let midsummer2026 = OdooDateTime("2026-06-01 12:00:00")!.date

/// The digest the service runs with (the engine tests use the real one).
let digest = SHA256ContentDigest()

/// Desired-state hashes as the engine computes them.
let desiredHash = DesiredHash(digest: digest)
