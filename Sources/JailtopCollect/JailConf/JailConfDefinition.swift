/// One entry of jail(8)'s list of jail definitions (config.c's `cfjails`) after parsing and includes:
/// a jail, a wildcard (`*`, `"foo.*"`), or the global pseudo-jail `*` holding the parameters written
/// outside any block. Its position in the list decides what overrides what.
struct JailConfDefinition: Sendable, Equatable {
    var name: String
    var file: String
    var line: Int
    var parameters: [JailConfParameter]

    var isWildcard: Bool { JailConfWildcard.isWildcard(name) }
}
