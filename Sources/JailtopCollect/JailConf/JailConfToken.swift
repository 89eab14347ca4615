/// One token of jail.conf(5), as produced by jail(8)'s flex scanner (jaillex.l).
struct JailConfToken: Sendable, Equatable {
    /// The token kinds of jailparse.y. A "continued" string or variable directly follows another string
    /// piece with nothing in between (flex's `instr`), so the grammar glues it onto the same value:
    /// `"epair"$id"b"` is one value made of three pieces.
    enum Kind: Sendable, Equatable {
        /// STR: a bare word, or a quoted string (or the leading part of one, up to a `$`).
        case string
        /// STR1: a string piece glued to the previous piece.
        case continuedString
        /// VAR: `$name` or `${name}` starting a new value; the token text is the variable's name.
        case variable
        /// VAR1: a variable glued to the previous piece.
        case continuedVariable
        /// PLEQ: `+=`.
        case appendAssign
        /// One of `, ; = { }`.
        case punctuation(UInt8)
        /// Any other single byte, which the grammar never accepts (flex's `<_>. return yytext[0]`).
        case other(UInt8)
        /// End of input.
        case end
    }

    var kind: Kind
    /// Decoded text (escapes processed, cut at the first NUL as C's strlen would) or a variable's name.
    var text: [UInt8]
    /// Line where the token starts.
    var line: Int
    /// Line where the token ends (quoted strings may span lines).
    var endLine: Int

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .string, .continuedString:
            return "\"\(String(decoding: text, as: UTF8.self))\""
        case .variable, .continuedVariable:
            return "\"${\(String(decoding: text, as: UTF8.self))}\""
        case .appendAssign:
            return "'+='"
        case .punctuation(let byte):
            return "'\(Character(Unicode.Scalar(byte)))'"
        case .other(let byte):
            if byte >= 0x21 && byte < 0x7F {
                return "character '\(Character(Unicode.Scalar(byte)))'"
            }
            let hex = String(byte, radix: 16, uppercase: false)
            return "character '\\x\(hex.count < 2 ? "0" + hex : hex)'"
        case .end:
            return "end of file"
        }
    }
}
