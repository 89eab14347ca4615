/// One `param ...;` statement as written (jailparse.y's `struct cfparam`), with where it was written.
struct JailConfParameter: Sendable, Equatable {
    /// How the statement was written.
    enum Form: Sendable, Equatable {
        /// `persist;`: no value (a boolean true, or false with a `no` prefix).
        case bare
        /// `param = v1, v2;`: replaces any earlier value.
        case assign
        /// `param += v;`: appends to the earlier values.
        case append
        /// `param v;` (no `=`): the form `.include "file";` uses; otherwise it behaves like `=`.
        case nameValue
    }

    var name: String
    /// `$name = ...;` defines a variable, used only for substitution and never passed to the kernel.
    var isVariable: Bool
    var form: Form
    var values: [JailConfValue]
    var file: String
    var line: Int
}
