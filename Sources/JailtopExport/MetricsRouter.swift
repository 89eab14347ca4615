import CMicroHTTPD

/// What the server answers, one request at a time, on the server's thread: `/metrics` (GET,
/// HEAD) from memory, `/` a pointer to it, 404 elsewhere, 401 without valid credentials when
/// auth is on. MHD parses the request; this only picks the response.
///
/// Not thread-safe on purpose: MHD calls it only from the server's one thread, which also
/// owns the cached page response.
final class MetricsRouter {
    private let pages: @Sendable () -> MetricsPage?
    private let auth: BasicAuth?
    /// The page of the latest generation as an MHD response, made once and queued to every
    /// scrape of that generation (MHD counts its references).
    private var cachedPage: (generation: Int, response: OpaquePointer)?

    init(pages: @escaping @Sendable () -> MetricsPage?, auth: BasicAuth?) {
        self.pages = pages
        self.auth = auth
    }

    deinit {
        if let cachedPage { MHD_destroy_response(cachedPage.response) }
    }

    /// Queues the response to one request; false drops the connection.
    func respond(to connection: OpaquePointer, path: String, method: String) -> Bool {
        if let auth, !auth.verify(authorization: jt_http_header(connection, "Authorization").map { String(cString: $0) }) {
            return queue(
                connection, status: 401, text: "Unauthorized\n",
                headers: [("WWW-Authenticate", "Basic realm=\"\(BasicAuth.realm)\", charset=\"UTF-8\"")])
        }
        switch path {
        case "/metrics":
            guard method == "GET" || method == "HEAD" else {
                return queue(connection, status: 405, text: "Method Not Allowed\n", headers: [("Allow", "GET, HEAD")])
            }
            guard let page = pages() else {
                return queue(connection, status: 503, text: "No sample yet\n", headers: [("Retry-After", "5")])
            }
            guard let response = pageResponse(page) else { return false }
            return MHD_queue_response(connection, 200, response) == .YES
        case "/":
            return queue(connection, status: 200, text: "jailtop exporter: metrics are at /metrics\n")
        default:
            return queue(connection, status: 404, text: "Not Found\n")
        }
    }

    private func pageResponse(_ page: MetricsPage) -> OpaquePointer? {
        if let cachedPage, cachedPage.generation == page.generation { return cachedPage.response }
        guard let response = makeResponse(page.body, contentType: MetricsPage.contentType) else { return nil }
        if let cachedPage { MHD_destroy_response(cachedPage.response) }
        cachedPage = (page.generation, response)
        return response
    }

    private func queue(_ connection: OpaquePointer, status: UInt32, text: String, headers: [(String, String)] = []) -> Bool {
        guard let response = makeResponse(Array(text.utf8), contentType: "text/plain; charset=utf-8", headers: headers) else {
            return false
        }
        defer { MHD_destroy_response(response) }
        return MHD_queue_response(connection, status, response) == .YES
    }

    private func makeResponse(_ body: [UInt8], contentType: String, headers: [(String, String)] = []) -> OpaquePointer? {
        guard let response = body.withUnsafeBytes({ jt_http_response_copy($0.baseAddress, $0.count) }) else { return nil }
        for (name, value) in [("Content-Type", contentType)] + headers {
            guard MHD_add_response_header(response, name, value) == .YES else {
                MHD_destroy_response(response)
                return nil
            }
        }
        return response
    }
}
