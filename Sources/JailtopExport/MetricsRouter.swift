import CMicroHTTPD

/// What the server answers, one request at a time, on the server's thread: `/metrics` (GET,
/// HEAD) from memory, `/` (GET, HEAD) a pointer to it, 405 for other methods on those two, 404
/// elsewhere; when auth is on, 401 without valid credentials, and 429 to an address refused
/// for too many wrong ones. MHD parses the request; this only picks the response.
///
/// Not thread-safe on purpose: MHD calls it only from the server's one thread, which also
/// owns the cached page response.
final class MetricsRouter {
    /// libmicrohttpd's functions (`jt_mhd_open`), loaded before the router is made.
    private let api: UnsafePointer<jt_mhd>
    private let pages: @Sendable () -> MetricsPage?
    private let auth: BasicAuth?
    private var backoff: AuthFailureBackoff
    /// The page of the latest generation as an MHD response, made once and queued to every
    /// scrape of that generation (MHD counts its references).
    private var cachedPage: (generation: Int, response: OpaquePointer)?

    init(
        api: UnsafePointer<jt_mhd>, pages: @escaping @Sendable () -> MetricsPage?, auth: BasicAuth?,
        backoff: AuthFailureBackoff = AuthFailureBackoff()
    ) {
        self.api = api
        self.pages = pages
        self.auth = auth
        self.backoff = backoff
    }

    /// The body of the 503 sent until the first sample has been taken.
    static let collectingText = "jailtop is collecting its first sample; retry shortly\n"

    deinit {
        if let cachedPage { jt_http_destroy_response(api, cachedPage.response) }
    }

    /// Queues the response to one request; false drops the connection.
    func respond(to connection: OpaquePointer, path: String, method: String) -> Bool {
        if let auth {
            let client = clientKey(connection)
            let now = jt_http_now()
            // A refused address is not checked at all: guessing gets no answer, fast or slow.
            if let wait = backoff.refusal(for: client, now: now) {
                return queue(
                    connection, status: 429, text: "Too many failed logins; retry later\n",
                    headers: [("Retry-After", String(max(1, Int(wait.rounded(.up)))))])
            }
            let authorization = jt_http_header(api, connection, "Authorization").map { String(cString: $0) }
            guard auth.verify(authorization: authorization) else {
                // No credentials at all guesses nothing (a browser's first request).
                if authorization != nil { backoff.recordFailure(of: client, now: now) }
                return queue(
                    connection, status: 401, text: "Unauthorized\n",
                    headers: [("WWW-Authenticate", "Basic realm=\"\(BasicAuth.realm)\", charset=\"UTF-8\"")])
            }
            backoff.recordSuccess(of: client)
        }
        switch path {
        case "/metrics", "/":
            guard method == "GET" || method == "HEAD" else {
                return queue(connection, status: 405, text: "Method Not Allowed\n", headers: [("Allow", "GET, HEAD")])
            }
            guard path == "/metrics" else {
                return queue(connection, status: 200, text: "jailtop exporter: metrics are at /metrics\n")
            }
            guard let page = pages() else {
                return queue(connection, status: 503, text: Self.collectingText, headers: [("Retry-After", "5")])
            }
            guard let response = pageResponse(page) else { return false }
            return jt_http_queue(api, connection, 200, response) == .YES
        default:
            return queue(connection, status: 404, text: "Not Found\n")
        }
    }

    /// The client's address as the back-off's key (an IPv6 client by its /64).
    private func clientKey(_ connection: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        guard jt_http_client_key(api, connection, &buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func pageResponse(_ page: MetricsPage) -> OpaquePointer? {
        if let cachedPage, cachedPage.generation == page.generation { return cachedPage.response }
        guard let response = makeResponse(page.body, contentType: MetricsPage.contentType) else { return nil }
        if let cachedPage { jt_http_destroy_response(api, cachedPage.response) }
        cachedPage = (page.generation, response)
        return response
    }

    private func queue(_ connection: OpaquePointer, status: UInt32, text: String, headers: [(String, String)] = []) -> Bool {
        guard let response = makeResponse(Array(text.utf8), contentType: "text/plain; charset=utf-8", headers: headers) else {
            return false
        }
        defer { jt_http_destroy_response(api, response) }
        return jt_http_queue(api, connection, status, response) == .YES
    }

    private func makeResponse(_ body: [UInt8], contentType: String, headers: [(String, String)] = []) -> OpaquePointer? {
        guard let response = body.withUnsafeBytes({ jt_http_response_copy(api, $0.baseAddress, $0.count) }) else { return nil }
        for (name, value) in [("Content-Type", contentType)] + headers {
            guard jt_http_add_header(api, response, name, value) == .YES else {
                jt_http_destroy_response(api, response)
                return nil
            }
        }
        return response
    }
}
