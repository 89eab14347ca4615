/// A `name { ... }` jail definition as written; its body may hold parameters, includes and nested
/// blocks (FreeBSD 14+ turns `a { b { } }` into the jail `a.b`).
struct JailConfBlock: Sendable, Equatable {
    var name: String
    var line: Int
    var body: [JailConfStatement]
}
