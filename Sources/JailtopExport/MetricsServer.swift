import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serves the current `MetricsPage` at `/metrics` over HTTP/1.1, from memory, with optional
/// basic auth.
///
/// Built on SwiftNIO's HTTP1 codec directly rather than Hummingbird: the exporter has one route
/// and one header to check, NIO is the one dependency either choice needs (Hummingbird adds
/// swift-nio-extras, swift-log, swift-metrics, swift-distributed-tracing, service-lifecycle,
/// async-algorithms and http-types to every clean CI build), and NIO builds and runs on FreeBSD
/// (kqueue). One event-loop thread is plenty for a scrape target and keeps the idle footprint small.
public final class MetricsServer: Sendable {
    /// Where and how to listen.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Required credentials, or nil for none.
        public var auth: BasicAuth?
        /// Connections beyond this are closed at once (a scraper needs one or two).
        public var maxConnections: Int
        /// A connection idle (or stalled) this long is closed.
        public var idleTimeout: TimeAmount

        public init(
            host: String = "127.0.0.1", port: Int = 9452, auth: BasicAuth? = nil, maxConnections: Int = 256,
            idleTimeout: TimeAmount = .seconds(30)
        ) {
            self.host = host
            self.port = port
            self.auth = auth
            self.maxConnections = maxConnections
            self.idleTimeout = idleTimeout
        }
    }

    public let configuration: Configuration
    private let pages: @Sendable () -> MetricsPage?
    private let group: MultiThreadedEventLoopGroup
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)
    private let openConnections = NIOLockedValueBox(0)

    /// - Parameter pages: returns the page to serve (`ExportService.currentPage`); called on
    ///   the event loop for every scrape, so it must be quick.
    public init(configuration: Configuration, pages: @escaping @Sendable () -> MetricsPage?) {
        self.configuration = configuration
        self.pages = pages
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// Binds and starts serving; returns the address bound (port 0 picks a free port).
    @discardableResult
    public func start() async throws -> SocketAddress {
        let routes = MetricsHTTPHandler.Routes(pages: pages, auth: configuration.auth)
        let idle = configuration.idleTimeout
        let maxConnections = configuration.maxConnections
        let openConnections = self.openConnections
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let admitted = openConnections.withLockedValue { count -> Bool in
                    guard count < maxConnections else { return false }
                    count += 1
                    return true
                }
                guard admitted else { return channel.close() }
                channel.closeFuture.whenComplete { _ in openConnections.withLockedValue { $0 -= 1 } }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(IdleStateHandler(readTimeout: idle, writeTimeout: idle))
                    try pipeline.addHandler(MetricsHTTPHandler(routes: routes))
                }
            }
        let bound: any Channel
        do {
            bound = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch let error as IOError {
            throw MetricsServerError.cannotListen(
                host: configuration.host, port: configuration.port, reason: String(cString: strerror(error.errnoCode)))
        } catch {
            throw MetricsServerError.cannotListen(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
        channel.withLockedValue { $0 = bound }
        guard let address = bound.localAddress else { throw MetricsServerError.noLocalAddress }
        return address
    }

    /// The port bound, once started.
    public var port: Int? {
        channel.withLockedValue { $0?.localAddress?.port }
    }

    /// Connections open now.
    public var connectionCount: Int { openConnections.withLockedValue { $0 } }

    /// Stops listening, closes every connection and ends the event-loop thread.
    public func stop() async {
        let bound = channel.withLockedValue { value in
            defer { value = nil }
            return value
        }
        if let bound { try? await bound.close() }
        try? await group.shutdownGracefully()
    }
}

/// Why the server could not start.
public enum MetricsServerError: Error, CustomStringConvertible {
    case cannotListen(host: String, port: Int, reason: String)
    case noLocalAddress

    public var description: String {
        switch self {
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host.contains(":") ? "[\(host)]" : host):\(port): \(reason)"
        case .noLocalAddress: "the listening socket has no address"
        }
    }
}
