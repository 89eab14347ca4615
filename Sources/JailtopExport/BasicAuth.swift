import Crypto
import JailtopCollect
import JailtopModel

/// HTTP basic authentication for `/metrics`, checked against a credentials file that holds
/// salted SHA-256 digests, never passwords: one `user:$sha256$SALT$HEX` line per user, where
/// HEX is the SHA-256 of SALT followed by the password (`printf '%s%s' "$salt" "$pw" | sha256`).
///
/// A fast hash is enough here because the password is meant to be a long random token (a
/// scraper's credential, `openssl rand -hex 32`), not something a person chose; digests are
/// compared in constant time and every credential is checked, so timing tells nothing.
public struct BasicAuth: Sendable {
    /// One user's entry of the credentials file.
    public struct Credential: Sendable, Equatable {
        public var user: String
        public var salt: [UInt8]
        public var digest: [UInt8]

        public init(user: String, salt: [UInt8], digest: [UInt8]) {
            self.user = user
            self.salt = salt
            self.digest = digest
        }
    }

    /// The realm sent in `WWW-Authenticate`.
    public static let realm = "jailtop"

    public let credentials: [Credential]

    public init(credentials: [Credential]) {
        self.credentials = credentials
    }

    /// Reads a credentials file.
    /// - Throws: `BasicAuthFileError` as `FILE:LINE: what was wrong`.
    public init(contentsOfFile path: String) throws(BasicAuthFileError) {
        // A regular file of at most 1 MiB: a FIFO or /dev/zero is refused, never read forever.
        let data: [UInt8]
        switch RegularFileReader.bytes(atPath: path, maximumSize: 1 << 20) {
        case .success(let bytes): data = bytes
        case .failure(let why): throw BasicAuthFileError(source: path, line: nil, message: "cannot be read: \(why)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw BasicAuthFileError(source: path, line: nil, message: "is not UTF-8 text")
        }
        try self.init(fileContents: text, source: path)
    }

    /// Parses the text of a credentials file: `user:$sha256$SALT$HEX` (or `user:$sha256$HEX`
    /// without a salt) per line; blank lines and lines starting with `#` are skipped.
    public init(fileContents text: String, source: String) throws(BasicAuthFileError) {
        var credentials: [Credential] = []
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }) {
            lineNumber += 1
            let line = rawLine.trimmingASCIIWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ message: String) -> BasicAuthFileError {
                BasicAuthFileError(source: source, line: lineNumber, message: message)
            }
            guard let colon = line.firstIndex(of: ":") else { throw fail("expected user:$sha256$SALT$HEX") }
            let user = String(line[..<colon])
            let hash = line[line.index(after: colon)...]
            guard !user.isEmpty else { throw fail("empty user name") }
            guard hash.hasPrefix("$sha256$") else {
                if hash.hasPrefix("$2") { throw fail("bcrypt hashes are not supported; use $sha256$SALT$HEX") }
                throw fail("the password must be given as $sha256$SALT$HEX (a digest, never the password itself)")
            }
            let parts = hash.dropFirst("$sha256$".count).split(separator: "$", omittingEmptySubsequences: false)
            guard parts.count == 1 || parts.count == 2, let hex = parts.last else {
                throw fail("expected $sha256$SALT$HEX (the salt cannot contain '$')")
            }
            guard let digest = Self.bytes(fromHex: hex), digest.count == SHA256.byteCount else {
                throw fail("the digest must be 64 hexadecimal digits (SHA-256)")
            }
            guard !credentials.contains(where: { $0.user == user }) else { throw fail("user '\(user)' is listed twice") }
            let salt = parts.count == 2 ? Array(parts[0].utf8) : []
            credentials.append(Credential(user: user, salt: salt, digest: digest))
        }
        guard !credentials.isEmpty else {
            throw BasicAuthFileError(source: source, line: nil, message: "has no credentials (expected user:$sha256$SALT$HEX lines)")
        }
        self.credentials = credentials
    }

    /// Whether `user` and `password` match a credential. Every credential is hashed and
    /// compared in constant time, so the answer takes as long for a wrong user as a right one.
    public func verify(user: String, password: String) -> Bool {
        let userDigest = Array(SHA256.hash(data: Array(user.utf8)))
        var matched: UInt8 = 0
        for credential in credentials {
            let expectedUser = Array(SHA256.hash(data: Array(credential.user.utf8)))
            var hasher = SHA256()
            hasher.update(data: credential.salt)
            hasher.update(data: Array(password.utf8))
            let digest = Array(hasher.finalize())
            matched |= Self.constantTimeEqual(userDigest, expectedUser) & Self.constantTimeEqual(digest, credential.digest)
        }
        return matched == 1
    }

    /// Checks an `Authorization` header value (`Basic base64(user:password)`).
    public func verify(authorization header: String?) -> Bool {
        guard let header else { return false }
        let trimmed = header.trimmingASCIIWhitespace()
        guard trimmed.count > 6, trimmed.prefix(6).lowercased() == "basic " else { return false }
        let token = trimmed.dropFirst(6).trimmingASCIIWhitespace()
        guard let decoded = Data(base64Encoded: token), let pair = String(data: decoded, encoding: .utf8),
            let colon = pair.firstIndex(of: ":")
        else { return false }
        return verify(user: String(pair[..<colon]), password: String(pair[pair.index(after: colon)...]))
    }

    /// The credentials-file line for a user (what the shell recipe in jailtop(8) prints).
    public static func credentialLine(user: String, password: String, salt: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(salt.utf8))
        hasher.update(data: Array(password.utf8))
        let hex = hasher.finalize().map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
        return "\(user):$sha256$\(salt)$\(hex)"
    }

    /// 1 when the arrays are equal, else 0, looking at every byte whatever it finds.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> UInt8 {
        guard a.count == b.count else { return 0 }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        // 1 when difference == 0, without a branch on the secret.
        return UInt8(truncatingIfNeeded: (UInt16(difference) &- 1) >> 8) & 1
    }

    static func bytes(fromHex hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }
}

/// A credentials file that cannot be used, as `FILE:LINE: what was wrong`.
public struct BasicAuthFileError: Error, Equatable, CustomStringConvertible {
    public var source: String
    public var line: Int?
    public var message: String

    public var description: String {
        if let line { return "\(source):\(line): \(message)" }
        return "\(source): \(message)"
    }
}
