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
        let runtime = await builder.build()
        let host = configuration.host
        let shop: [any Service] = demoEnvironment.map {
            [DemoOrders(medusa: $0.medusa, store: runtime.store, runner: runtime.runner, logger: runtime.logger)]
        } ?? []
        try await runtime.serve(extraServices: shop, onServerRunning: { port in
            demoEnvironment?.printWelcome(host: host, port: port)
        })
        await demoEnvironment?.stop()
    }
}
