/// A problem found while reading jail.conf(5) or rc.conf(5) files, located at `FILE:LINE`.
///
/// `file` is the path jail(8) would see (without the JAILTOP_ROOT prefix). Line 0 means the problem
/// concerns the whole file (for example it cannot be read), and prints as `FILE: message`.
public struct JailConfError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
