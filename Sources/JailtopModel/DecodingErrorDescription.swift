/// Turns Swift's `DecodingError` into a field path and a sentence a user can act on,
/// e.g. (`jails[2].state`, `expected one of running|dying|stopped, got "up"`).
public enum DecodingErrorDescription {
    public static func describe(_ error: any Error) -> (field: String, message: String) {
        guard let error = error as? DecodingError else {
            return ("", "\(error)")
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return (path(ctx.codingPath + [key]), "missing")
        case .valueNotFound(let type, let ctx):
            return (path(ctx.codingPath), "is null, expected \(typeName(type))")
        case .typeMismatch(let type, let ctx):
            return (path(ctx.codingPath), "expected \(typeName(type))")
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty {
                let detail = (ctx.underlyingError.map { "\($0)" } ?? ctx.debugDescription)
                return ("", "not valid JSON (\(shorten(detail)))")
            }
            return (path(ctx.codingPath), ctx.debugDescription)
        @unknown default:
            return ("", "\(error)")
        }
    }

    /// `jails[3].racct.memoryuse` from a coding path.
    public static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let i = key.intValue {
                out += "[\(i)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }

    static func typeName(_ type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Bool.self { return "true or false" }
        if type == Int.self { return "a whole number" }
        if type == Double.self { return "a number" }
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return "an object (\(name))"
    }

    static func shorten(_ s: String) -> String {
        s.count > 160 ? String(s.prefix(160)) + "…" : s
    }
}
