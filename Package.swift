// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// The service's release link on Linux (the image's): lld with packed relative relocations (DT_RELR, glibc ≥ 2.36,
/// as in Debian bookworm) and no exported symbol table. With gold, the static binary's 3.3 MB of relocations and its
/// 47,000 exported symbols (`-export-dynamic` from the static stdlib's link arguments; nothing looks them up) were
/// read at every start and stayed resident: ≈ 5 MB of the idle RSS (docs/performance.md, "Idle RSS").
let serviceReleaseLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=lld", "-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                 .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "odoo-medusa-sync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "odoo-medusa-sync", targets: ["odoo-medusa-sync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // The exact-decimal JSON reader and writer the core, the clients and the simulators share (Foundation's decoder
        // turns money into Double).
        .target(name: "ExactJSON", swiftSettings: swiftSettings),
        // Pure domain: value types, mapper, planner, ports, engine. Foundation and ExactJSON only.
        .target(name: "SyncCore", dependencies: ["ExactJSON"], swiftSettings: swiftSettings),
        // The content digest the core is handed (SHA-256 from swift-crypto), so the core itself does no hashing.
        .target(
            name: "CryptoDigest",
            dependencies: ["SyncCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The one outbound HTTP seam: a protocol both API clients speak through, so tests can replay recordings.
        .target(
            name: "HTTPTransport",
            dependencies: [
                "SyncCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OdooClient",
            dependencies: ["ExactJSON", "SyncCore", "HTTPTransport", .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MedusaClient",
            dependencies: ["ExactJSON", "SyncCore", "HTTPTransport", .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RunStore",
            dependencies: ["SyncCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // The PostgreSQL `RunStore` (`DATABASE_URL`): several replicas share one database, coordinated by its clock.
        .target(
            name: "PostgresRunStore",
            dependencies: [
                "RunStore", "SyncCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Scheduler",
            dependencies: [
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // What both simulators share: running in-process on an ephemeral port, latency and fault injection.
        .target(
            name: "SimulatorSupport",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OdooSimulator",
            dependencies: ["ExactJSON", "SyncCore", "SimulatorSupport", .product(name: "Hummingbird", package: "hummingbird")],
            resources: [.copy("Catalogues")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MedusaSimulator",
            dependencies: ["ExactJSON", "SyncCore", "SimulatorSupport", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "NIOCore", package: "swift-nio")],
            resources: [.copy("Schemas")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Simulators",
            dependencies: ["OdooSimulator", "MedusaSimulator", "SimulatorSupport", "SyncCore", "CryptoDigest", "HTTPTransport",
                           "ExactJSON", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: swiftSettings
        ),
        // The HTTP contract: types and server protocol generated from the repository-root openapi.yaml.
        .target(
            name: "SyncAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "App",
            dependencies: [
                "ExactJSON",
                "SyncCore", "CryptoDigest", "HTTPTransport", "OdooClient", "MedusaClient", "RunStore", "PostgresRunStore",
                "Scheduler", "Simulators", "SyncAPI",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "odoo-medusa-sync",
            // App only: every part is built by App's `ServiceBuilder`; the commands' bodies live in App (`Commands`).
            dependencies: ["App", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings,
            linkerSettings: serviceReleaseLinkerSettings
        ),
        // Speed and cost of a sync against latency-injected simulators, side by side with the old module's algorithm.
        .executableTarget(
            name: "sync-benchmark",
            dependencies: [
                "ExactJSON",
                "App", "SyncCore", "CryptoDigest", "OdooClient", "MedusaClient", "Simulators", "RunStore", "HTTPTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "SyncCoreTests", dependencies: ["ExactJSON", "SyncCore", "CryptoDigest"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SchedulerTests",
            dependencies: ["Scheduler", .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RunStoreTests",
            dependencies: ["RunStore", "PostgresRunStore", "SyncCore", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OdooClientTests",
            dependencies: ["ExactJSON", "OdooClient", "OdooSimulator", "HTTPTransport", "SyncCore",
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "Logging", package: "swift-log")],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MedusaClientTests",
            dependencies: ["ExactJSON", "MedusaClient", "MedusaSimulator", "SimulatorSupport", "HTTPTransport", "SyncCore",
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "App", "SyncCore", "CryptoDigest", "OdooClient", "MedusaClient", "Simulators", "RunStore", "HTTPTransport",
                "PostgresRunStore",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "CryptoDigest", "HTTPTransport", "Simulators", "RunStore", "SyncCore",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
