/// An `.include "pattern";` directive (FreeBSD 14+): literal file names or glob(3) patterns, relative
/// names being taken from the including file's directory.
struct JailConfInclude: Sendable, Equatable {
    var patterns: [String]
    var line: Int
}
