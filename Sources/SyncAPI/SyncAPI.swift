// The HTTP contract, generated at build time from the repository-root openapi.yaml (symlinked here).
