import Credentials
import Metrics
import Prometheus
import Synchronization
import Vapor

/// Puts the HTTP edge together: middleware, routes, the import worker.
public enum EduServerApp {
    /// One metrics registry per process (the metrics system can be bootstrapped only once).
    public static let metrics: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Serves until the process is told to stop (SIGINT/SIGTERM).
    public static func serve(context: AppContext, host: String, port: Int) async throws {
        // Production unless VAPOR_ENV says otherwise: error responses then never carry internal details.
        var environment = ProcessInfo.processInfo.environment["VAPOR_ENV"].map { Environment(name: $0) } ?? .production
        environment.arguments = ["eduvn", "serve", "--hostname", host, "--port", String(port)]
        let app = try await Application.make(environment)
        do {
            try configure(app, context: context)
            try await app.execute()
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    public static func configure(_ app: Application, context: AppContext, runWorker: Bool = true) throws {
        app.context = context
        app.middleware = Middlewares()
        app.middleware.use(RequestMetricsMiddleware())
        app.middleware.use(SecurityHeadersMiddleware())
        app.middleware.use(ErrorMiddleware.default(environment: app.environment))
        app.middleware.use(ErrorPagesMiddleware())
        app.middleware.use(AuthenticationMiddleware())
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        ContentConfiguration.global.use(encoder: encoder, for: .json)

        try app.register(collection: OperationsRoutes(registry: metrics))
        try app.register(collection: WebRoutes())
        try app.register(collection: SchoolYearRoutes())
        try app.register(collection: GuardianWebRoutes())
        try app.register(collection: StatusWebRoutes())
        try app.register(collection: UnitRoutes())
        try app.register(collection: AuditRoutes())
        try app.register(collection: ImportRoutes())
        try app.register(collection: UserRoutes())
        try app.register(collection: APIRoutes())
        try app.register(collection: GradebookRoutes())
        try app.register(collection: AdmissionsRoutes())
        try app.register(collection: AdmissionsWebRoutes())
        try app.register(collection: AdmissionsStaffRoutes())
        try app.register(collection: AdmissionsApplicationRoutes())
        try app.register(collection: BlankRoutes())
        try app.register(collection: QualityRoutes())
        try app.register(collection: LinkageRoutes())
        // One budget for the lookup and the copy service: both check a serial, a name and a date of birth.
        let credentialThrottle = LookupThrottle()
        let keyMeter = VerifierKeyMeter { context.database.sql }
        app.lifecycle.use(KeyMeterLifecycle(meter: keyMeter))
        try app.register(collection: CredentialRoutes(throttle: credentialThrottle, keyMeter: keyMeter))
        try app.register(collection: VerifierKeyRoutes(keyMeter: keyMeter))
        try app.register(collection: CopyRoutes(throttle: credentialThrottle))
        try app.register(collection: TranscriptionRoutes())
        try app.register(collection: HolderLinkRoutes())
        try app.register(collection: RegisterEntryRoutes())
        try app.register(collection: RegisterEntryAPIRoutes())
        try app.register(collection: BlankAPIRoutes())
        try app.register(collection: CredentialWebRoutes(throttle: credentialThrottle))
        try app.register(collection: CredentialStatusRoutes())
        try app.register(collection: GradebookWebRoutes())
        try app.register(collection: ClassSemesterRoutes())
        try app.register(collection: HocBaClassRoutes())
        try app.register(collection: VerificationRoutes())
        try app.register(collection: TimestampRoutes())
        try app.register(collection: RevocationRoutes())
        try app.register(collection: HocBaRoutes())
        try app.register(collection: FamilyRoutes())
        try app.register(collection: FamilyAdmissionsRoutes())
        try app.register(collection: LogRoutes())

        if runWorker {
            app.lifecycle.use(WorkerLifecycle(worker: ImportWorker(context: context, logger: app.logger)))
        }
    }
}

/// The key meter's counts go to the database every second while lookups wait to be written (an instance that stops
/// getting lookups still writes what it admitted), and once more when the server stops.
final class KeyMeterLifecycle: LifecycleHandler, Sendable {
    let meter: VerifierKeyMeter
    private let timer = Mutex<Task<Void, Never>?>(nil)

    init(meter: VerifierKeyMeter) {
        self.meter = meter
    }

    func didBootAsync(_ application: Application) async throws {
        let (meter, logger) = (meter, application.logger)
        timer.withLock { timer in
            timer = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: VerifierKeyMeter.interval)
                    do { try await meter.writeIfNeeded() } catch { logger.warning("employer key counts not written yet: \(String(reflecting: error).prefix(200))") }
                }
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        let task = timer.withLock { $0 }
        task?.cancel()
        await task?.value
        do {
            try await meter.write()
        } catch {
            application.logger.warning("employer key counts not written at shutdown: \(String(reflecting: error).prefix(200))")
        }
    }
}

struct WorkerLifecycle: LifecycleHandler {
    let worker: ImportWorker

    func didBootAsync(_ application: Application) async throws {
        await worker.start()
    }

    func shutdownAsync(_ application: Application) async {
        await worker.stop()
    }
}
