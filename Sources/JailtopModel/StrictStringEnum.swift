/// A string-backed enum whose decoding error lists the accepted values, so a malformed
/// recording says `state: expected one of running|dying|stopped, got "up"`.
public protocol StrictStringEnum: RawRepresentable, CaseIterable, Decodable where RawValue == String {}

extension StrictStringEnum {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let accepted = Self.allCases.map(\.rawValue).joined(separator: "|")
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected one of \(accepted), got \"\(raw)\"")
        }
        self = value
    }
}
