import JailtopCollect
import Synchronization

/// A `ToolRunner` for tests: answers each call from a script of canned results (success,
/// failure, timeout) and records every argv it was given, so tests can assert both what the
/// FreeBSD code asked for and how it copes with each answer.
public final class ScriptedToolRunner: ToolRunner {
    /// One recorded call.
    public struct Call: Sendable, Equatable {
        public var path: String
        public var arguments: [String]
        public var locale: ToolLocale = .c
        /// What the tool was given on stdin, if anything.
        public var input: [UInt8]? = nil
    }

    public typealias Responder = @Sendable (_ path: String, _ arguments: [String]) throws(ToolRunError) -> ToolResult

    private let responder: Responder
    private let log = Mutex<[Call]>([])

    public init(_ responder: @escaping Responder) {
        self.responder = responder
    }

    /// Answers by tool path; a tool with no entry is "not found".
    public convenience init(byPath table: [String: Result<ToolResult, ToolRunError>]) {
        self.init { path, _ throws(ToolRunError) in
            guard let entry = table[path] else { throw .notFound(path: path) }
            return try entry.get()
        }
    }

    public var calls: [Call] { log.withLock { $0 } }

    public func run(_ path: String, _ arguments: [String], timeout: Duration) async throws(ToolRunError) -> ToolResult {
        try await run(path, arguments, locale: .c, timeout: timeout)
    }

    public func run(_ path: String, _ arguments: [String], input: [UInt8], timeout: Duration) async throws(ToolRunError) -> ToolResult {
        log.withLock { $0.append(Call(path: path, arguments: arguments, input: input)) }
        return try responder(path, arguments)
    }

    public func run(_ path: String, _ arguments: [String], locale: ToolLocale, timeout: Duration) async throws(ToolRunError) -> ToolResult {
        log.withLock { $0.append(Call(path: path, arguments: arguments, locale: locale)) }
        return try responder(path, arguments)
    }
}
