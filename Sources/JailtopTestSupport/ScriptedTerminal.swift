import Foundation
import JailtopUI

/// A `Terminal` for tests: plays a script of keys and resizes, waiting where told until the
/// screen shows some text, and keeps every frame presented so tests can read them.
public final class ScriptedTerminal: Terminal {
    /// One step of the script.
    public enum Step: Sendable {
        case key(Key)
        case resize(Size)
        /// Hold further input until the last frame contains this text (or the deadline passes).
        case waitFor(String)
    }

    public private(set) var size: Size
    public let capabilities: TerminalCapabilities
    public private(set) var frames: [ScreenBuffer] = []
    public private(set) var suspensions = 0
    private var script: [Step]
    private let deadline: Date
    /// Set when a `waitFor` step timed out, naming the text that never appeared.
    public private(set) var timedOutWaitingFor: String?

    public init(size: Size, script: [Step], colors: Int = 0, unicode: Bool = true, timeout: TimeInterval = 20) {
        self.size = size
        self.script = script
        self.capabilities = TerminalCapabilities(colors: colors, unicode: unicode)
        self.deadline = Date().addingTimeInterval(timeout)
    }

    public func present(_ buffer: ScreenBuffer) {
        frames.append(buffer)
    }

    public var lastFrameText: String { frames.last?.lines.joined(separator: "\n") ?? "" }

    public func nextEvent(timeout: Duration) -> TerminalEvent? {
        guard !script.isEmpty else {
            // Out of script: ask to quit so a test can never hang.
            return .key(.character("q"))
        }
        switch script[0] {
        case .key(let k):
            script.removeFirst()
            return .key(k)
        case .resize(let s):
            script.removeFirst()
            size = s
            return .resize(s)
        case .waitFor(let text):
            if lastFrameText.contains(text) {
                script.removeFirst()
                return nextEvent(timeout: timeout)
            }
            if Date() > deadline {
                timedOutWaitingFor = text
                script.removeAll()
                return .key(.character("q"))
            }
            Thread.sleep(forTimeInterval: 0.01)
            return nil
        }
    }

    public func suspend<T>(_ body: () throws -> T) rethrows -> T {
        suspensions += 1
        return try body()
    }
}
