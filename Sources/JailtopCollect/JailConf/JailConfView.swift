/// Everything `jail -f FILE` would see: the definitions from FILE and its includes, in jail(8)'s order,
/// plus the syntax and include problems found (a file with a syntax error contributes nothing).
struct JailConfView: Sendable, Equatable {
    /// The top-level file, without the root prefix.
    var file: String
    var definitions: [JailConfDefinition]
    var errors: [JailConfError]
}
