import NIOCore
import NIOHTTP1

/// One connection's request handling: `/metrics` (GET, HEAD) from memory, `/` a pointer to it,
/// 404 elsewhere, 401 without valid credentials when auth is on. Lives on the event loop.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// What the handler serves, shared by every connection.
    struct Routes: Sendable {
        var pages: @Sendable () -> MetricsPage?
        var auth: BasicAuth?
    }

    /// Request bodies are never needed; one larger than this ends the connection.
    static let maxBodyBytes = 64 * 1024

    private let routes: Routes
    private var request: HTTPRequestHead?
    private var bodyBytes = 0

    init(routes: Routes) {
        self.routes = routes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
            bodyBytes = 0
        case .body(let part):
            bodyBytes += part.readableBytes
            if bodyBytes > Self.maxBodyBytes {
                request = nil
                context.close(promise: nil)
            }
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A client that went away mid-response, a reset, a malformed request: drop the connection.
        context.close(promise: nil)
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? head.uri
        if let auth = routes.auth, !auth.verify(authorization: head.headers.first(name: "authorization")) {
            return send(
                .unauthorized, "Unauthorized\n", to: head, context: context,
                extraHeaders: [("WWW-Authenticate", "Basic realm=\"\(BasicAuth.realm)\", charset=\"UTF-8\"")])
        }
        switch path {
        case "/metrics":
            guard head.method == .GET || head.method == .HEAD else {
                return send(.methodNotAllowed, "Method Not Allowed\n", to: head, context: context, extraHeaders: [("Allow", "GET, HEAD")])
            }
            guard let page = routes.pages() else {
                return send(.serviceUnavailable, "No sample yet\n", to: head, context: context, extraHeaders: [("Retry-After", "5")])
            }
            send(.ok, page.body, contentType: MetricsPage.contentType, to: head, context: context)
        case "/":
            send(.ok, "jailtop exporter: metrics are at /metrics\n", to: head, context: context)
        default:
            send(.notFound, "Not Found\n", to: head, context: context)
        }
    }

    private func send(
        _ status: HTTPResponseStatus, _ text: String, to head: HTTPRequestHead, context: ChannelHandlerContext,
        extraHeaders: [(String, String)] = []
    ) {
        send(
            status, context.channel.allocator.buffer(string: text), contentType: "text/plain; charset=utf-8", to: head,
            context: context, extraHeaders: extraHeaders)
    }

    private func send(
        _ status: HTTPResponseStatus, _ body: ByteBuffer, contentType: String, to head: HTTPRequestHead,
        context: ChannelHandlerContext, extraHeaders: [(String, String)] = []
    ) {
        let keepAlive = head.isKeepAlive
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
