import Testing
@testable import JailtopCollect

/// rc.conf(5) reading: assignments only, quoting, comments, later wins, never executing anything.
@Suite("rc.conf")
struct RcConfTests {
    @Test("rc.conf, rc.conf.local and rc.conf.d/jail, in rc.subr's order")
    func fixture() {
        let rc = RcConf.load(root: JailConfTestSupport.root("rcconf"))
        #expect(rc.jailEnable)
        #expect(rc.jailList == ["www", "db", "mail"])
        #expect(rc.jailConf == "/usr/local/etc/jail.conf")
        #expect(rc.value("jail_parallel_start") == "YES")
        #expect(rc.value("jail_reverse_stop") == "YES")
        #expect(rc.value("hostname") == "host1.example.org")
        #expect(rc.value("ifconfig_em0") == "inet 192.0.2.10/24")
        #expect(rc.value("not_run") == nil)
    }

    @Test("defaults when nothing is set")
    func defaults() {
        let rc = RcConf(parsing: "")
        #expect(!rc.jailEnable)
        #expect(rc.jailList.isEmpty)
        #expect(rc.jailConf == "/etc/jail.conf")
        #expect(RcConf(parsing: "jail_conf=\"\"").jailConf == "/etc/jail.conf")
    }

    @Test("checkyesno", arguments: [
        ("YES", true), ("yes", true), ("Yes", true), ("TRUE", true), ("true", true), ("ON", true), ("on", true),
        ("1", true), ("NO", false), ("no", false), ("", false), ("2", false), ("yess", false), ("off", false),
    ])
    func checkyesno(value: String, expected: Bool) {
        #expect(RcConf.isYes(value) == expected)
        #expect(RcConf(parsing: "jail_enable=\"\(value)\"").jailEnable == expected)
    }

    @Test("quoting, expansion, comments, continuation, and what is never assigned")
    func shellSubset() {
        let rc = RcConf(parsing: #"""
            a=1 b="x y"; c='$a'
            d="$a-${b}"
            e=${missing:-fallback} f=${a-unused}
            g=$(hostname)
            h=`date`
            i=1 some_command
            j=2 # a comment
            export k=3
            l="first \
            second"
            m=one
            m=two
            n=
            o=a\ b
            p="a # b"
            q=${unterminated
            """#)
        #expect(rc.value("a") == "1")
        #expect(rc.value("b") == "x y")
        #expect(rc.value("c") == "$a")
        #expect(rc.value("d") == "1-x y")
        #expect(rc.value("e") == "fallback")
        #expect(rc.value("f") == "1")
        #expect(rc.value("g") == nil)
        #expect(rc.value("h") == nil)
        #expect(rc.value("i") == nil)
        #expect(rc.value("j") == "2")
        #expect(rc.value("k") == "3", "export assigns, as in sh (ezjail writes its files so)")
        #expect(rc.value("l") == "first second")
        #expect(rc.value("m") == "two")
        #expect(rc.value("n") == "")
        #expect(rc.value("o") == "a b")
        #expect(rc.value("p") == "a # b")
        #expect(rc.value("q") == nil)
    }

    @Test("jail_list splits on any blanks")
    func jailList() {
        #expect(RcConf(parsing: "jail_list=\"  www\tdb\n mail \"").jailList == ["www", "db", "mail"])
    }
}
