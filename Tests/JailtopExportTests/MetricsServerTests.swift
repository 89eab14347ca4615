import Foundation
import JailtopCollect
import JailtopModel
import Testing

@testable import JailtopExport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real server on a free loopback port, scraped by a real HTTP client (URLSession) and by
/// raw sockets for the rude cases. Every wait is bounded.
@Suite("MetricsServer", .serialized, .timeLimit(.minutes(2)))
struct MetricsServerTests {
    /// Runs `body` with a started server on 127.0.0.1 and an ephemeral port, stopping it after.
    func withServer(
        auth: BasicAuth? = nil, requestTimeout: Duration = .seconds(30), maxConnections: Int = 256, maxConnectionsPerClient: Int = 64,
        authBackoff: AuthFailureBackoff.Policy = AuthFailureBackoff.Policy(), page: MetricsPage?,
        _ body: (MetricsServer, Int) async throws -> Void
    ) async throws {
        let configuration = MetricsServer.Configuration(
            host: "127.0.0.1", port: 0, auth: auth, maxConnections: maxConnections, maxConnectionsPerClient: maxConnectionsPerClient,
            requestTimeout: requestTimeout, authBackoff: authBackoff)
        let server = MetricsServer(configuration: configuration) { page }
        let port = try await server.start()
        #expect(port > 0)
        #expect(server.port == port)
        do {
            try await body(server, port)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static func session() -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        configuration.timeoutIntervalForResource = 20
        configuration.httpMaximumConnectionsPerHost = 50
        return URLSession(configuration: configuration)
    }

    /// One request with URLSession. A 401 comes back as an authentication challenge: the
    /// recorder answers it by cancelling and keeps the challenge's response, because
    /// swift-corelibs-foundation otherwise waits forever on a 401 it has no credential for
    /// (swiftlang/swift-corelibs-foundation#5456).
    func get(
        _ port: Int, _ path: String = "/metrics", method: String = "GET", authorization: String? = nil, session shared: URLSession? = nil
    ) async throws -> (status: Int, headers: [AnyHashable: Any], body: Data) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        request.httpMethod = method
        request.timeoutInterval = 10
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        let recorder = ChallengeRecorder()
        let session = shared ?? URLSession(configuration: Self.session().configuration, delegate: recorder, delegateQueue: nil)
        defer { if shared == nil { session.finishTasksAndInvalidate() } }
        do {
            let (data, response) = try await session.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            return (http.statusCode, http.allHeaderFields, data)
        } catch {
            guard let challenged = recorder.response else { throw error }
            return (challenged.statusCode, challenged.allHeaderFields, Data())
        }
    }

    static var demoPage: MetricsPage {
        get throws {
            MetricsPage(text: MetricsRenderer().render(try Fixtures.demoSnapshot(), health: Fixtures.health), generation: 1)
        }
    }

    @Test("GET /metrics serves the page with the Prometheus content type")
    func serves() async throws {
        let page = try Self.demoPage
        try await withServer(page: page) { _, port in
            let r = try await get(port)
            #expect(r.status == 200)
            #expect(r.headers["Content-Type"] as? String == "text/plain; version=0.0.4; charset=utf-8")
            #expect(r.body == Data(page.text.utf8))
            _ = try ExpositionParser(String(decoding: r.body, as: UTF8.self))
            let query = try await get(port, "/metrics?name=x")
            #expect(query.status == 200)
        }
    }

    @Test("HEAD has the length and no body; other methods get 405; other paths 404; GET and HEAD of / point to /metrics")
    func routes() async throws {
        let page = try Self.demoPage
        try await withServer(page: page) { _, port in
            let head = try await get(port, method: "HEAD")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["Content-Length"] as? String == String(page.body.count))
            let post = try await get(port, method: "POST")
            #expect(post.status == 405)
            #expect(post.headers["Allow"] as? String == "GET, HEAD")
            for path in ["/nope", "/metrics/", "/metricsx", "/../etc/passwd"] {
                #expect(try await get(port, path).status == 404, "\(path)")
            }
            let root = try await get(port, "/")
            #expect(root.status == 200)
            #expect(String(decoding: root.body, as: UTF8.self).contains("/metrics"))
            #expect(try await get(port, "/", method: "HEAD").status == 200)
            // jailtop(8): methods other than GET and HEAD get 405, on / as on /metrics.
            let postRoot = try await get(port, "/", method: "POST")
            #expect(postRoot.status == 405)
            #expect(postRoot.headers["Allow"] as? String == "GET, HEAD")
            #expect(try await get(port, "/", method: "DELETE").status == 405)
        }
    }

    @Test("no page yet: 503 with Retry-After, saying the first sample is being collected")
    func noPage() async throws {
        try await withServer(page: nil) { _, port in
            let r = try await get(port)
            #expect(r.status == 503)
            #expect(r.headers["Retry-After"] as? String == "5")
            #expect(String(decoding: r.body, as: UTF8.self).contains("collecting"))
        }
    }

    @Test("50 concurrent scrapes all get the whole page")
    func concurrentScrapes() async throws {
        let page = try Self.demoPage
        let expected = Data(page.text.utf8)
        try await withServer(page: page) { _, port in
            let session = Self.session()
            let results = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let r = try await get(port, session: session)
                        return (r.status, r.body)
                    }
                }
                var all: [(Int, Data)] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(results.count == 50)
            #expect(results.allSatisfy { $0.0 == 200 && $0.1 == expected })
            session.invalidateAndCancel()
        }
    }

    @Test("clients that vanish mid-response (FIN or reset) do not hurt the server")
    func disconnectMidResponse() async throws {
        // 8 MiB: far more than socket buffers hold, so the server is still writing when we go.
        let big = MetricsPage(text: String(repeating: "jail_up{name=\"x\"} 1\n", count: 8 << 20 / 20), generation: 1)
        try await withServer(page: big) { server, port in
            for rude in 0..<6 {
                let socket = try RawSocket(port: port)
                try socket.send("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n")
                let first = try socket.receive(max: 4096)
                #expect(String(decoding: first, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
                if rude % 2 == 0 { socket.reset() } else { socket.closeNow() }
            }
            // A client that closes before the request is complete.
            let partial = try RawSocket(port: port)
            try partial.send("GET /metr")
            partial.closeNow()
            // The server still answers, in full.
            let r = try await get(port)
            #expect(r.status == 200)
            #expect(r.body.count == big.body.count)
            // And lets go of the dead connections (bounded wait).
            var waited = 0
            while server.connectionCount > 1, waited < 100 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(server.connectionCount <= 1)
        }
    }

    @Test("a silent connection is closed after the idle timeout")
    func idleTimeout() async throws {
        try await withServer(requestTimeout: .milliseconds(300), page: try Self.demoPage) { _, port in
            let socket = try RawSocket(port: port, timeoutSeconds: 5)
            defer { socket.closeNow() }
            let start = ContinuousClock.now
            let bytes = try socket.receive()
            #expect(bytes.isEmpty)
            #expect(ContinuousClock.now - start < .seconds(4))
        }
    }

    @Test("HTTP/1.0 and Connection: close get the page and a closed connection; keep-alive serves twice")
    func connectionHandling() async throws {
        let page = try Self.demoPage
        try await withServer(page: page) { _, port in
            let old = try RawSocket(port: port)
            try old.send("GET /metrics HTTP/1.0\r\n\r\n")
            let response = String(decoding: try old.receiveAll(), as: UTF8.self)
            old.closeNow()
            // A server answers with the highest version it speaks (RFC 9110 §6.2), and closes.
            #expect(response.hasPrefix("HTTP/1.1 200 OK"))
            #expect(response.contains("Connection: close"))
            #expect(response.hasSuffix(page.text))

            let twice = try RawSocket(port: port)
            try twice.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let both = String(decoding: try twice.receiveAll(), as: UTF8.self)
            twice.closeNow()
            #expect(both.hasPrefix("HTTP/1.1 200 OK"))
            #expect(both.contains("HTTP/1.1 404 Not Found"))

            let garbage = try RawSocket(port: port)
            try garbage.send("NOT HTTP AT ALL\r\n\r\n")
            let reply = String(decoding: try garbage.receiveAll(), as: UTF8.self)
            garbage.closeNow()
            #expect(reply.isEmpty || reply.hasPrefix("HTTP/1.1 400"))
        }
    }

    @Test("basic auth: 401 with a challenge without or with wrong credentials, 200 with right ones")
    func basicAuth() async throws {
        let auth = try BasicAuth(fileContents: BasicAuth.credentialLine(user: "prometheus", password: "s3cret:with-colon", salt: "NaCl") + "\n", source: "test")
        func header(_ user: String, _ password: String) -> String {
            "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
        let page = try Self.demoPage
        try await withServer(auth: auth, page: page) { _, port in
            let none = try await get(port)
            #expect(none.status == 401)
            #expect((none.headers["Www-Authenticate"] ?? none.headers["WWW-Authenticate"]) as? String == "Basic realm=\"jailtop\", charset=\"UTF-8\"")
            #expect(try await get(port, authorization: header("prometheus", "wrong")).status == 401)
            #expect(try await get(port, authorization: header("nobody", "s3cret:with-colon")).status == 401)
            #expect(try await get(port, authorization: "Bearer abc").status == 401)
            #expect(try await get(port, authorization: "Basic !!!notbase64").status == 401)
            // Other paths are behind auth too: nothing is told about them without credentials.
            #expect(try await get(port, "/nope").status == 401)
            let ok = try await get(port, authorization: header("prometheus", "s3cret:with-colon"))
            #expect(ok.status == 200)
            #expect(ok.body == Data(page.text.utf8))
            #expect(try await get(port, "/nope", authorization: header("prometheus", "s3cret:with-colon")).status == 404)
        }
    }

    @Test("scrapes are served from memory: a burst never calls the collector")
    func burstDoesNotCollect() async throws {
        let collector = CountingCollector(snapshot: Fixtures.small)
        let service = ExportService(collector: collector, interval: .seconds(3600))
        await service.collectOnce()
        let server = MetricsServer(configuration: .init(host: "127.0.0.1", port: 0)) { service.currentPage }
        let port = try await server.start()
        let session = Self.session()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 { group.addTask { try await get(port, session: session).status } }
            for try await status in group { #expect(status == 200) }
        }
        session.invalidateAndCancel()
        await server.stop()
        #expect(await collector.calls == 1)
    }

    /// Waits (bounded) until the server has `count` connections open.
    func waitForConnections(_ server: MetricsServer, _ count: Int) async throws {
        var waited = 0
        while server.connectionCount != count, waited < 100 {
            try await Task.sleep(for: .milliseconds(20))
            waited += 1
        }
        #expect(server.connectionCount == count)
    }

    @Test("idle connections filling every slot do not lock a scraper out: the one idle longest makes room")
    func idleConnectionsMakeRoom() async throws {
        try await withServer(maxConnections: 4, page: try Self.demoPage) { server, port in
            var idle: [RawSocket] = []
            defer { for socket in idle { socket.closeNow() } }
            for count in 1...4 {
                idle.append(try RawSocket(port: port))
                try await waitForConnections(server, count)
            }
            // Before: the scraper's connection was closed at once, until the idle ones timed out (30 s).
            #expect(try await get(port).status == 200)
            // The oldest idle connection was the one closed; the others still work.
            #expect(try idle[0].receive().isEmpty)
            try idle[1].send("GET /metrics HTTP/1.0\r\n\r\n")
            #expect(String(decoding: try idle[1].receiveAll(), as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("when every connection is busy answering, one beyond the cap is closed at once and the busy ones go on")
    func busyConnectionsAreKept() async throws {
        // 16 MiB: more than the socket buffers of a client that does not read can hold.
        let big = MetricsPage(text: String(repeating: "jail_up{name=\"x\"} 1\n", count: 16 << 20 / 20), generation: 1)
        try await withServer(maxConnections: 2, page: big) { server, port in
            // Two clients that ask for the page and do not read it: both stay mid-answer.
            let a = try RawSocket(port: port, timeoutSeconds: 10)
            let b = try RawSocket(port: port, timeoutSeconds: 10)
            defer { a.closeNow(); b.closeNow() }
            for socket in [a, b] { try socket.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n") }
            try await waitForConnections(server, 2)
            try await Task.sleep(for: .milliseconds(100))
            let c = try RawSocket(port: port)
            #expect(try c.receive().isEmpty)
            c.closeNow()
            try await waitForConnections(server, 2)
            let first = try a.receive(max: 4096)
            #expect(String(decoding: first, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
        }
    }

    @Test("wrong passwords: after a few, the address gets 429 with Retry-After for a doubling delay, without its credentials being checked")
    func authBackoff() async throws {
        let auth = try BasicAuth(fileContents: BasicAuth.credentialLine(user: "prometheus", password: "right", salt: "s") + "\n", source: "test")
        func header(_ password: String) -> String { "Basic " + Data("prometheus:\(password)".utf8).base64EncodedString() }
        let policy = AuthFailureBackoff.Policy(failuresBeforeDelay: 3, firstDelay: .seconds(2), maxDelay: .seconds(8))
        try await withServer(auth: auth, authBackoff: policy, page: try Self.demoPage) { _, port in
            for _ in 0..<3 { #expect(try await get(port, authorization: header("wrong")).status == 401) }
            // Before: the right password was accepted after any number of wrong ones.
            let refused = try await get(port, authorization: header("right"))
            #expect(refused.status == 429)
            #expect(refused.headers["Retry-After"] as? String == "2")
            #expect(try await get(port, authorization: header("wrong")).status == 429)
            #expect(try await get(port).status == 429)
            try await Task.sleep(for: .milliseconds(2300))
            #expect(try await get(port, authorization: header("right")).status == 200)
            // Success clears the address: its next failures are free again.
            for _ in 0..<2 { #expect(try await get(port, authorization: header("wrong")).status == 401) }
            #expect(try await get(port, authorization: header("right")).status == 200)
        }
    }

    @Test("the server says whether it listens on loopback only")
    func loopbackOnly() async throws {
        try await withServer(page: nil) { server, _ in
            #expect(server.isLoopbackOnly == true)
        }
        let everywhere = MetricsServer(configuration: .init(host: "0.0.0.0", port: 0)) { nil }
        #expect(everywhere.isLoopbackOnly == nil)
        try await everywhere.start()
        #expect(everywhere.isLoopbackOnly == false)
        await everywhere.stop()
    }

    @Test("a client trickling its headers a byte at a time is cut at the request timeout, and others are served meanwhile")
    func slowHeaders() async throws {
        let page = try Self.demoPage
        try await withServer(requestTimeout: .milliseconds(1500), page: page) { server, port in
            let slow = try RawSocket(port: port, timeoutSeconds: 10)
            defer { slow.closeNow() }
            let start = ContinuousClock.now
            var cut = false
            // One byte every 100 ms: never idle, never done. MHD's own timeout (from the last byte) would
            // let it hold the connection for as long as it cares to.
            let request = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: \(String(repeating: "a", count: 200))".map { String($0) }
            for (index, byte) in request.enumerated() {
                do { try slow.send(byte) } catch { cut = true; break }
                if ContinuousClock.now - start > .seconds(6) { break }
                // Meanwhile other scrapers are answered at once.
                if index == 5 { #expect(try await get(port).status == 200) }
                try await Task.sleep(for: .milliseconds(100))
                if let reply = try? slow.receiveNonBlocking(), reply.isEmpty { cut = true; break }
            }
            let elapsed = ContinuousClock.now - start
            #expect(cut, "the trickling client was never cut")
            #expect(elapsed >= .milliseconds(1400) && elapsed < .seconds(4), "cut after \(elapsed)")
            #expect(try await get(port).status == 200)
            var waited = 0
            while server.connectionCount > 1, waited < 100 {
                try await Task.sleep(for: .milliseconds(20))
                waited += 1
            }
            #expect(server.connectionCount <= 1)
        }
    }

    @Test("a client that asks for the page and never reads it is cut at the request timeout")
    func stalledReader() async throws {
        let big = MetricsPage(text: String(repeating: "jail_up{name=\"x\"} 1\n", count: 8 << 20 / 20), generation: 1)
        try await withServer(requestTimeout: .milliseconds(800), page: big) { server, port in
            let stalled = try RawSocket(port: port, timeoutSeconds: 10)
            defer { stalled.closeNow() }
            try stalled.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
            var waited = 0
            while server.connectionCount == 0, waited < 100 {
                try await Task.sleep(for: .milliseconds(10))
                waited += 1
            }
            #expect(server.connectionCount == 1)
            let start = ContinuousClock.now
            waited = 0
            while server.connectionCount > 0, waited < 150 {
                try await Task.sleep(for: .milliseconds(20))
                waited += 1
            }
            #expect(server.connectionCount == 0, "the stalled reader still holds its connection")
            #expect(ContinuousClock.now - start >= .milliseconds(600))
            #expect(try await get(port).status == 200)
        }
    }

    @Test("an oversized request line or header block is refused with 414/431 and the server goes on")
    func oversizedRequests() async throws {
        let page = try Self.demoPage
        try await withServer(page: page) { _, port in
            let longLine = try RawSocket(port: port)
            try? longLine.send("GET /metrics?\(String(repeating: "a", count: 64 * 1024)) HTTP/1.1\r\nHost: x\r\n\r\n")
            let lineReply = String(decoding: (try? longLine.receiveAll()) ?? [], as: UTF8.self)
            longLine.closeNow()
            #expect(lineReply.hasPrefix("HTTP/1.1 414") || lineReply.hasPrefix("HTTP/1.1 431") || lineReply.isEmpty, "\(lineReply.prefix(80))")

            let bigHeaders = try RawSocket(port: port)
            let headers = (0..<400).map { "X-Filler-\($0): \(String(repeating: "b", count: 100))\r\n" }.joined()
            try? bigHeaders.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\(headers)\r\n")
            let headerReply = String(decoding: (try? bigHeaders.receiveAll()) ?? [], as: UTF8.self)
            bigHeaders.closeNow()
            #expect(headerReply.hasPrefix("HTTP/1.1 431") || headerReply.hasPrefix("HTTP/1.1 413"), "\(headerReply.prefix(80))")
            #expect(!headerReply.contains("jail_"))

            // A request body is never used: a small one is read and dropped (POST gets 405 and the
            // connection stays usable); one over the limit ends its connection, and the server goes on.
            let post = try RawSocket(port: port)
            try post.send("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let postReply = String(decoding: try post.receiveAll(), as: UTF8.self)
            post.closeNow()
            #expect(postReply.contains("jailtop exporter"))
            let huge = try RawSocket(port: port)
            try? huge.send("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n\(String(repeating: "c", count: 200_000))")
            _ = try? huge.receiveAll()
            huge.closeNow()
            #expect(postReply.hasPrefix("HTTP/1.1 405"), "\(postReply.prefix(80))")
            #expect(try await get(port).status == 200)
        }
    }

    @Test("one client cannot take more than its share of connections")
    func perClientLimit() async throws {
        try await withServer(maxConnectionsPerClient: 2, page: try Self.demoPage) { server, port in
            let a = try RawSocket(port: port)
            let b = try RawSocket(port: port)
            defer { a.closeNow(); b.closeNow() }
            var waited = 0
            while server.connectionCount < 2, waited < 100 {
                try await Task.sleep(for: .milliseconds(20))
                waited += 1
            }
            let c = try RawSocket(port: port)
            #expect(try c.receive().isEmpty)
            c.closeNow()
            try a.send("GET /metrics HTTP/1.0\r\n\r\n")
            #expect(String(decoding: try a.receiveAll(), as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("a port in use is a clear error")
    func portInUse() async throws {
        try await withServer(page: nil) { _, port in
            let second = MetricsServer(configuration: .init(host: "127.0.0.1", port: port)) { nil }
            await #expect(throws: MetricsServerError.self) { try await second.start() }
            do {
                try await second.start()
            } catch let error as MetricsServerError {
                #expect(error.description == "cannot listen on 127.0.0.1:\(port): Address already in use")
            }
        }
    }

    @Test("stop closes the port")
    func stopCloses() async throws {
        let server = MetricsServer(configuration: .init(host: "127.0.0.1", port: 0)) { nil }
        let port = try await server.start()
        await server.stop()
        #expect(throws: RawSocketError.self) { _ = try RawSocket(port: port) }
    }
}

/// A collector that returns the same sample and counts how often it was asked.
actor CountingCollector: Collector {
    nonisolated let sourceDescription = "counting"
    nonisolated let isLive = false
    let snapshot: Snapshot
    private(set) var calls = 0

    init(snapshot: Snapshot) {
        self.snapshot = snapshot
    }

    func collect() async throws -> Snapshot {
        calls += 1
        return snapshot
    }
}

/// Answers HTTP authentication challenges by cancelling them, keeping the 401 response.
final class ChallengeRecorder: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var failure: HTTPURLResponse?

    var response: HTTPURLResponse? { lock.withLock { failure } }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        lock.withLock { failure = challenge.failureResponse as? HTTPURLResponse }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}
