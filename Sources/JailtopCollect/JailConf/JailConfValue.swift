/// One value of a parameter as written, before expansion: its literal bytes plus the variables to
/// insert, each at a byte offset (jailparse.y's `struct cfstring` with its `cfvar` list).
struct JailConfValue: Sendable, Equatable {
    /// A `$name` / `${name}` reference and the offset in `text` where its value goes.
    struct VariableReference: Sendable, Equatable {
        var name: String
        var position: Int
    }

    var text: [UInt8]
    var variables: [VariableReference]

    init(text: [UInt8] = [], variables: [VariableReference] = []) {
        self.text = text
        self.variables = variables
    }

    /// The value with no variables left, as a Swift string (invalid UTF-8 is repaired).
    var string: String { String(decoding: text, as: UTF8.self) }
}
