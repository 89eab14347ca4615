import CMicroHTTPD
import Dispatch
import JailtopModel
import Synchronization

/// Serves the current `MetricsPage` at `/metrics` over HTTP/1.1, from memory, with optional
/// basic auth.
///
/// HTTP is GNU libmicrohttpd's, used as a system library the way ncurses is (Debian
/// libmicrohttpd-dev, FreeBSD www/libmicrohttpd), loaded when the server starts rather than
/// linked (no other command loads it, or GnuTLS with it): it builds and runs on FreeBSD and Linux,
/// parses requests (keep-alive, pipelining, HEAD), refuses oversized request lines and headers,
/// and enforces the per-client connection limit. The CMicroHTTPD shim adds a deadline per
/// request, which MHD lacks (a client trickling one byte a second never goes idle), and makes
/// room for a newcomer by closing the connection idle longest. One thread serves every
/// connection: plenty for a scrape target, with a small idle footprint.
public final class MetricsServer: Sendable {
    /// Where and how to listen.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Required credentials, or nil for none.
        public var auth: BasicAuth?
        /// Connections kept open at most (a scraper needs one or two). When one more arrives, the
        /// connection that has waited longest for a request is closed to make room, so idle
        /// connections never lock a scraper out; if none is waiting, the newcomer is closed.
        public var maxConnections: Int
        /// Connections from one client address beyond this are closed at once, so one host
        /// cannot take every connection.
        public var maxConnectionsPerClient: Int
        /// Each phase of a connection (waiting for a request, receiving it, sending the answer)
        /// must end within this, however slowly its bytes arrive; then it is closed.
        public var requestTimeout: Duration
        /// Room for a request's line and headers; a larger request is answered 414 or 431.
        public var maxRequestHeaderBytes: Int
        /// How a client address that keeps sending wrong credentials is slowed down (with auth).
        public var authBackoff: AuthFailureBackoff.Policy

        public init(
            host: String = "127.0.0.1", port: Int = 9452, auth: BasicAuth? = nil, maxConnections: Int = 256,
            maxConnectionsPerClient: Int = 64, requestTimeout: Duration = .seconds(30), maxRequestHeaderBytes: Int = 16 * 1024,
            authBackoff: AuthFailureBackoff.Policy = AuthFailureBackoff.Policy()
        ) {
            self.host = host
            self.port = port
            self.auth = auth
            self.maxConnections = maxConnections
            self.maxConnectionsPerClient = maxConnectionsPerClient
            self.requestTimeout = requestTimeout
            self.maxRequestHeaderBytes = maxRequestHeaderBytes
            self.authBackoff = authBackoff
        }
    }

    /// The MHD server and the thread serving it, while started.
    private struct Running: @unchecked Sendable {
        // The pointer is used by the serving thread, and by others only for jt_http_wake and
        // jt_http_open_connections, which are safe from any thread.
        let server: UnsafeMutablePointer<jt_http_server>
        /// The library's functions, which the router calls; freed after the server stops.
        let api: UnsafeMutablePointer<jt_mhd>
        let router: Unmanaged<MetricsRouter>
        let port: Int
        /// Whether the socket is bound to a loopback address only.
        let loopbackOnly: Bool
        /// Signalled when jt_http_serve has returned; only then is the server freed (by stop).
        let finished: DispatchSemaphore
    }

    /// Request bodies are never needed; one larger than this is answered at once and its
    /// connection closed.
    static let maxBodyBytes = 64 * 1024

    public let configuration: Configuration
    private let pages: @Sendable () -> MetricsPage?
    private let running = Mutex<Running?>(nil)

    /// - Parameter pages: returns the page to serve (`ExportService.currentPage`); called on
    ///   the server's thread for every scrape, so it must be quick.
    public init(configuration: Configuration, pages: @escaping @Sendable () -> MetricsPage?) {
        self.configuration = configuration
        self.pages = pages
    }

    /// Binds and starts serving; returns the port bound (port 0 picks a free port).
    @discardableResult
    public func start() async throws(MetricsServerError) -> Int {
        let config = configuration
        var reason = [CChar](repeating: 0, count: 256)
        func text(_ reason: [CChar]) -> String {
            String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        guard let api = jt_mhd_open(&reason, reason.count) else { throw .cannotLoadLibrary(reason: text(reason)) }
        let fd = jt_http_listen(config.host, Int32(clamping: config.port), 256, &reason, reason.count)
        guard fd >= 0 else {
            free(api)
            throw .cannotListen(host: config.host, port: config.port, reason: text(reason))
        }
        let port = Int(jt_http_bound_port(fd))
        let loopbackOnly = jt_http_bound_to_loopback(fd) == 1
        let router = Unmanaged.passRetained(
            MetricsRouter(api: api, pages: pages, auth: config.auth, backoff: AuthFailureBackoff(policy: config.authBackoff)))
        let timeout = config.requestTimeout
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        // Far beyond any sensible value, and far from overflowing the shim's spare slots.
        let maxConnections = UInt32(clamping: min(max(1, config.maxConnections), 1 << 20))
        let started = jt_http_start(
            api, fd, maxConnections, UInt32(clamping: max(1, config.maxConnectionsPerClient)),
            max(0.001, seconds), max(1024, config.maxRequestHeaderBytes), Self.maxBodyBytes,
            { context, connection, url, method in
                guard let context, let connection else { return .NO }
                let router = Unmanaged<MetricsRouter>.fromOpaque(context).takeUnretainedValue()
                let path = url.map { String(cString: $0) } ?? "/"
                let method = method.map { String(cString: $0) } ?? ""
                return router.respond(to: connection, path: path, method: method) ? .YES : .NO
            }, router.toOpaque())
        guard let started else {
            router.release()
            free(api)
            throw .cannotListen(host: config.host, port: config.port, reason: "libmicrohttpd could not start")
        }
        let state = Running(server: started, api: api, router: router, port: port, loopbackOnly: loopbackOnly, finished: DispatchSemaphore(value: 0))
        running.withLock { $0 = state }
        // A queue of its own: the server blocks in select(2) for as long as it runs, which
        // libdispatch's overcommitting pool gives a thread of its own.
        DispatchQueue(label: "jailtop-http").async {
            let failure = jt_http_serve(state.server)
            if failure != 0 {
                let message = Array("jailtop: the HTTP server stopped: \(String(cString: strerror(failure)))\n".utf8)
                _ = message.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            }
            state.finished.signal()
        }
        return port
    }

    /// The port bound, once started.
    public var port: Int? { running.withLock { $0?.port } }

    /// Once started: whether only this host can connect (the socket is bound to a loopback
    /// address), false when it listens on a wildcard or another address.
    public var isLoopbackOnly: Bool? { running.withLock { $0?.loopbackOnly } }

    /// Connections open now.
    public var connectionCount: Int {
        running.withLock { state in state.map { Int(jt_http_open_connections($0.server)) } ?? 0 }
    }

    /// Stops listening, closes every connection and ends the server's thread.
    public func stop() async {
        guard let state = running.withLock({ value in defer { value = nil }; return value }) else { return }
        jt_http_wake(state.server)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                state.finished.wait()
                jt_http_stop(state.server)
                state.router.release()
                free(state.api)
                continuation.resume()
            }
        }
    }
}

/// Why the server could not start.
public enum MetricsServerError: Error, CustomStringConvertible {
    case cannotListen(host: String, port: Int, reason: String)
    /// libmicrohttpd is not installed, or is not the library it should be.
    case cannotLoadLibrary(reason: String)

    public var description: String {
        switch self {
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host.contains(":") ? "[\(host)]" : host):\(port): \(reason)"
        case .cannotLoadLibrary(let reason):
            "\(reason) (Debian: apt install libmicrohttpd12; FreeBSD: pkg install libmicrohttpd)"
        }
    }
}
