import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A JAILTOP_ROOT made in the temporary directory for one test, with the FIFOs and symlinks that
/// cannot be committed as fixtures; `remove()` deletes it.
struct ScratchRoot {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("jailtop-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` at `relative` (a path inside the root, `/etc/rc.conf`), making its directories.
    func write(_ text: String, at relative: String) throws {
        try makeParent(of: relative)
        try text.write(toFile: path + relative, atomically: false, encoding: .utf8)
    }

    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + relative, withIntermediateDirectories: true)
    }

    /// A FIFO at `relative`: opening it for reading without O_NONBLOCK waits for a writer forever.
    func makeFIFO(_ relative: String) throws {
        try makeParent(of: relative)
        guard mkfifo(path + relative, 0o644) == 0 else { throw Failure(path: path + relative, errno: errno) }
    }

    /// A symlink at `relative` whose target is `target`, exactly as given.
    func makeSymlink(_ relative: String, to target: String) throws {
        try makeParent(of: relative)
        try FileManager.default.createSymbolicLink(atPath: path + relative, withDestinationPath: target)
    }

    private func makeParent(of relative: String) throws {
        let parent = URL(fileURLWithPath: path + relative).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    }

    /// A system call that failed while building the root.
    struct Failure: Error {
        var path: String
        var errno: Int32
    }
}

/// Runs code that might block forever opening a FIFO (the bug this guards against) on its own
/// thread. After `seconds` it opens each FIFO for writing now and then, which lets a reader stuck
/// in open(2) go on to read EOF: the test then fails on `blocked` instead of hanging the suite.
enum FIFOWatchdog {
    /// The result, kept by the worker thread until the waiting one reads it after the semaphore.
    private final class Outcome<Value>: @unchecked Sendable {
        var value: Value?
    }

    static func run<Value: Sendable>(
        seconds: Double = 5, unblocking fifos: [String], _ body: @escaping @Sendable () -> Value
    ) -> (value: Value?, blocked: Bool) {
        let outcome = Outcome<Value>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            outcome.value = body()
            done.signal()
        }
        if done.wait(timeout: .now() + seconds) == .success { return (outcome.value, false) }
        for _ in 0..<100 {
            for fifo in fifos {
                let writer = open(fifo, O_WRONLY | O_NONBLOCK)
                if writer >= 0 {
                    usleep(20_000)
                    close(writer)
                }
            }
            if done.wait(timeout: .now() + 0.2) == .success { return (outcome.value, true) }
        }
        return (nil, true)
    }
}
