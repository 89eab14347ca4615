// jls.json is BUILT from usr.sbin/jls/jls.c (FreeBSD 14: `xo_set_version("2")`, container
// "jail-information", list "jail", `-n` writes each parameter under its kernel name with
// `{a:/%s}` (so numbers are strings), booleans via `{en:NAME/true|false}`, ip4.addr/ip6.addr via
// `emit_ip_addr_list`, parameters sorted top-level first by `sort_param`) and libxo 1.4's JSON
// escaping; it was not captured. It holds running, dying (-d), VNET and hierarchical (a.b)
// jails, empty host.domainname, and a child jail whose root set a hostname with raw ESC and TAB.
import JailtopModel
import Testing

@testable import JailtopCollect

/// Checks JlsParser on jls -d -n --libxo json output, including hostile names and malformed documents.
@Suite struct JlsParserTests {
    private func error(_ text: String) -> ToolOutputError? {
        do {
            _ = try JlsParser.parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func fixtureGivesEveryJail() throws {
        let jails = try JlsParser.parse(FreeBSDFixtures.bytes("jls.json"))
        #expect(jails.map(\.jid) == [1, 2, 3, 4, 5, 6])
        #expect(jails.map(\.name) == ["www", "db", "vnet1", "a", "a.b", "old"])
        #expect(jails.map(\.dying) == [false, false, false, false, false, true])
        #expect(jails.map(\.vnet) == [false, false, true, false, false, false])
        #expect(jails.map(\.parent) == [0, 0, 0, 0, 4, 0])
    }

    @Test func runningJailFields() throws {
        let www = try #require(try JlsParser.parse(FreeBSDFixtures.bytes("jls.json")).first)
        #expect(www.hostname == "www.example.org")
        #expect(www.path == "/usr/local/jails/www")
        #expect(www.osrelease == "14.3-RELEASE")
        #expect(www.ip4 == ["192.168.1.10", "192.168.1.11"])
        #expect(www.ip6 == ["2001:db8::10"])
        #expect(www.params["jid"] == .string("1"))
        #expect(www.params["persist"] == .bool(true))
        #expect(www.params["host.domainname"] == .string(""))
        #expect(www.params["ip4.addr"] == .list(["192.168.1.10", "192.168.1.11"]))
        #expect(www.params["securelevel"] == .string("-1"))
        #expect(www.params.count == 50)
    }

    @Test func hostileHostnameDoesNotBlankTheList() throws {
        let jails = try JlsParser.parse(FreeBSDFixtures.bytes("jls.json"))
        let child = try #require(jails.first { $0.name == "a.b" })
        // Kept as-is: sanitizing is the drawing code's job.
        #expect(child.hostname == "b\u{1B}[2J\tpwned")
        #expect(child.path == "/usr/local/jails/a/jails/b")
        let old = try #require(jails.last)
        #expect(old.dying)
        #expect(old.ip4.isEmpty)
        #expect(old.params["persist"] == .bool(false))
        let db = try #require(jails.first { $0.name == "db" })
        #expect(db.osrelease == "13.5-RELEASE")
        #expect(db.ip6.isEmpty)
    }

    @Test func versionsAndEmptyLists() throws {
        #expect(try JlsParser.parse(Array(#"{"__version": "2", "jail-information": {"jail": []}}"#.utf8)).isEmpty)
        // FreeBSD 12's libxo wrote a newline before the last brace (libxo issue #74).
        #expect(try JlsParser.parse(Array("{\"__version\": \"2\", \"jail-information\": {\"jail\": []}\n}\n".utf8)).isEmpty)
        let v3 = #"{"__version": "3", "jail-information": {"jail": [{"jid":"7","name":"n","dying":false,"vnet":"new","ip4.addr":"10.0.0.1,10.0.0.2"}]}}"#
        let jail = try #require(try JlsParser.parse(Array(v3.utf8)).first)
        #expect(jail == JlsJail(
            jid: 7, name: "n", vnet: true, ip4: ["10.0.0.1", "10.0.0.2"],
            params: ["jid": .string("7"), "name": .string("n"), "dying": .bool(false), "vnet": .string("new"),
                     "ip4.addr": .string("10.0.0.1,10.0.0.2")]))
        // Without -n, booleans arrive as strings.
        let strings = #"{"jail-information": {"jail": [{"jid":"8","name":"s","dying":"true"}]}}"#
        #expect(try JlsParser.parse(Array(strings.utf8)).first?.dying == true)
    }

    @Test func malformedDocumentsSayWhat() {
        #expect(error("")?.description == "jls: line 1: expected a JSON document, got empty output")
        #expect(error("[]")?.description == "jls: expected a JSON object, got an array")
        #expect(error(#"{"__version": "2"}"#)?.description == "jls: missing \"jail-information\" container")
        #expect(error(#"{"jail-information": {"jail": {}}}"#)?.description == "jls: jail: expected a list, got an object")
        #expect(error(#"{"jail-information": {"jail": [{"name":"x"}]}}"#)?.description == "jls: jail #1: missing jid")
        #expect(error(#"{"jail-information": {"jail": [{"jid":"x","name":"x"}]}}"#)?.description
            == "jls: jail #1: jid: expected a positive integer, got \"x\"")
        #expect(error(#"{"jail-information": {"jail": [{"jid":"1"}]}}"#)?.description == "jls: jail #1: missing name")
        #expect(error(#"{"jail-information": {"jail": [{"jid":"1","name":"a","parent":"-"}]}}"#)?.description
            == "jls: jail #1: parent: expected an integer, got \"-\"")
        #expect(error(#"{"jail-information": {"jail": [{"jid":"1","name":"a","dying":[]}]}}"#)?.description
            == "jls: jail #1: dying: expected a boolean, got an array")
        #expect(error(#"{"jail-information": {"jail": [{"jid":"1","name":"a","ip4.addr":[1]}]}}"#)?.description
            == "jls: jail #1: ip4.addr: expected a list of strings, found a number")
    }

    @Test func fuzzedOutputNeverCrashes() throws {
        let fixture = try FreeBSDFixtures.bytes("jls.json")
        for input in FuzzInputs(seeds: [fixture], count: 3000, seed: 0x5EED_0003) {
            _ = try? JlsParser.parse(input)
        }
    }
}
