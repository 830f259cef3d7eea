import ServiceLifecycle

extension Commands {
    /// `serve` (and `serve --demo`, against in-process simulators): runs until SIGTERM/SIGINT.
    public static func serve(demo: Bool, environment: EnvironmentSource = .process()) async throws {
        let loaded = AppConfiguration.load(from: environment)
        let demoEnvironment: DemoEnvironment? = demo ? try await DemoEnvironment.start(base: loaded) : nil
        let configuration = demoEnvironment?.configuration ?? loaded
        LogSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel, secrets: configuration.secrets)
        var builder = ServiceBuilder(configuration: configuration)
        builder.demo = demo
        var runtime = await builder.build()
        let host = configuration.host
        // The demo's own pieces: the shop placing orders, the simulated warehouse behind POST /demo/deliveries, and
        // the simulated Odoo's picking webhook pointed at this service once it listens.
        let shop: [any Service] = demoEnvironment?.wire(&runtime) ?? []
        try await runtime.serve(extraServices: shop, onServerRunning: { port in
            demoEnvironment?.serviceListening(host: host, port: port)
            demoEnvironment?.printWelcome(host: host, port: port)
        })
        await demoEnvironment?.stop()
    }
}
