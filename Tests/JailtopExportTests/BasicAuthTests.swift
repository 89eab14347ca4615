import Foundation
import Testing

@testable import JailtopExport

@Suite("BasicAuth")
struct BasicAuthTests {
    @Test("digests are SHA-256 of salt then password (FIPS 180-2 vector for 'abc')")
    func digest() {
        #expect(
            BasicAuth.credentialLine(user: "u", password: "abc", salt: "")
                == "u:$sha256$$ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Salt "ab" + password "c" is the same input.
        #expect(BasicAuth.credentialLine(user: "u", password: "c", salt: "ab").hasSuffix("$ab$ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
    }

    @Test("a file with comments, blank lines, CRLF, salted and unsalted entries")
    func parse() throws {
        let text = """
            # scrapers
            prometheus:$sha256$NaCl$\(hex(salt: "NaCl", password: "one"))\r

            grafana:$sha256$\(hex(salt: "", password: "two"))
            """
        let auth = try BasicAuth(fileContents: text, source: "creds")
        #expect(auth.credentials.map(\.user) == ["prometheus", "grafana"])
        #expect(auth.verify(user: "prometheus", password: "one"))
        #expect(auth.verify(user: "grafana", password: "two"))
        #expect(!auth.verify(user: "prometheus", password: "two"))
        #expect(!auth.verify(user: "grafana", password: "one"))
        #expect(!auth.verify(user: "nobody", password: "one"))
        #expect(!auth.verify(user: "prometheus", password: "one "))
        #expect(!auth.verify(user: "", password: ""))
        // Uppercase hex is fine too.
        let upper = try BasicAuth(fileContents: "u:$sha256$s$" + hex(salt: "s", password: "p").uppercased(), source: "x")
        #expect(upper.verify(user: "u", password: "p"))
    }

    @Test(
        "malformed files are rejected as FILE:LINE: reason",
        arguments: [
            ("# only a comment\n", "creds: has no credentials (expected user:$sha256$SALT$HEX lines)"),
            ("\nprometheus\n", "creds:2: expected user:$sha256$SALT$HEX"),
            ("prometheus:hunter2\n", "creds:1: the password must be given as $sha256$SALT$HEX (a digest, never the password itself)"),
            ("p:$2y$10$abcdefghijklmnopqrstuv\n", "creds:1: bcrypt hashes are not supported; use $sha256$SALT$HEX"),
            ("p:$sha256$salt$abc\n", "creds:1: the digest must be 64 hexadecimal digits (SHA-256)"),
            ("p:$sha256$a$b$" + String(repeating: "0", count: 64), "creds:1: expected $sha256$SALT$HEX (the salt cannot contain '$')"),
            (":$sha256$$" + String(repeating: "0", count: 64), "creds:1: empty user name"),
            ("p:$sha256$$" + String(repeating: "0", count: 64) + "\np:$sha256$$" + String(repeating: "1", count: 64), "creds:2: user 'p' is listed twice"),
        ])
    func malformed(text: String, message: String) {
        #expect(throws: BasicAuthFileError.self) { try BasicAuth(fileContents: text, source: "creds") }
        do {
            _ = try BasicAuth(fileContents: text, source: "creds")
        } catch {
            #expect(error.description == message)
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test("a missing file, a device or a directory says so, and is never read without end")
    func unreadableFiles() {
        #expect(throws: BasicAuthFileError(source: "/nonexistent/creds", line: nil, message: "cannot be read: No such file or directory")) {
            try BasicAuth(contentsOfFile: "/nonexistent/creds")
        }
        #expect(throws: BasicAuthFileError(source: "/dev/zero", line: nil, message: "cannot be read: not a regular file")) {
            try BasicAuth(contentsOfFile: "/dev/zero")
        }
        #expect(throws: BasicAuthFileError(source: "/", line: nil, message: "cannot be read: Is a directory")) {
            try BasicAuth(contentsOfFile: "/")
        }
    }

    @Test("Authorization headers")
    func headers() throws {
        let auth = try BasicAuth(fileContents: BasicAuth.credentialLine(user: "prometheus", password: "pa:ss wörd", salt: "x"), source: "t")
        func basic(_ s: String) -> String { "Basic " + Data(s.utf8).base64EncodedString() }
        #expect(auth.verify(authorization: basic("prometheus:pa:ss wörd")))
        #expect(auth.verify(authorization: "basic " + Data("prometheus:pa:ss wörd".utf8).base64EncodedString()))
        #expect(!auth.verify(authorization: nil))
        #expect(!auth.verify(authorization: ""))
        #expect(!auth.verify(authorization: "Basic"))
        #expect(!auth.verify(authorization: "Basic ====="))
        #expect(!auth.verify(authorization: basic("prometheus")))
        #expect(!auth.verify(authorization: basic("prometheus:pa:ss")))
        #expect(!auth.verify(authorization: "Bearer " + Data("prometheus:pa:ss wörd".utf8).base64EncodedString()))
    }

    @Test("constant-time comparison")
    func constantTime() {
        #expect(BasicAuth.constantTimeEqual([1, 2, 3], [1, 2, 3]) == 1)
        #expect(BasicAuth.constantTimeEqual([1, 2, 3], [1, 2, 4]) == 0)
        #expect(BasicAuth.constantTimeEqual([0x80], [0x00]) == 0)
        #expect(BasicAuth.constantTimeEqual([1, 2], [1, 2, 3]) == 0)
        #expect(BasicAuth.constantTimeEqual([], []) == 1)
    }

    func hex(salt: String, password: String) -> String {
        String(BasicAuth.credentialLine(user: "x", password: password, salt: salt).split(separator: "$", omittingEmptySubsequences: false).last ?? "")
    }
}
