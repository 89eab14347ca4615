import JailtopModel

/// cbsd (shared/managers.md §5): its jails are rows of the `jails` table in
/// `${cbsd_workdir}/var/db/local.sqlite`, `cbsd_workdir` coming from /etc/rc.conf. The table
/// also holds bhyve and xen VMs (`emulator` other than `jail`), which are not jails.
///
/// SQLite is read with the sqlite3 shell (databases/sqlite3, which cbsd itself needs), read-only
/// and with a busy timeout, and only when the database file (or its WAL) changed: cbsd writes it
/// on every command, so a quiet host costs three stat(2) calls a refresh.
struct CbsdDatabase: Sendable {
    static let sqlite3 = "/usr/local/bin/sqlite3"
    static let rcConf = "/etc/rc.conf"
    /// Columns and rows as `sqlite3 -ascii` separates them.
    static let unitSeparator: UInt8 = 0x1F
    static let recordSeparator: UInt8 = 0x1E

    private var stamps: [Result<FileStamp?, FileReadFailure>] = []
    private var workdir: String?
    private var last: (jails: [ManagedJail], problems: [ManagerProblem]) = ([], [])

    /// The database's path for a workdir.
    static func database(workdir: String) -> String { JailPath.join(workdir, "var/db/local.sqlite") }

    /// The argv that lists every row of the table (`SELECT *`, so older schemas missing a
    /// column still read), with a header to find the columns by name.
    static func arguments(database: String) -> [String] {
        ["-readonly", "-batch", "-header", "-ascii", "-cmd", ".timeout 2000", database, "SELECT * FROM jails;"]
    }

    mutating func refresh(_ fs: ManagerFileSystem, runner: any ToolRunner, timeout: Duration) async
        -> (jails: [ManagedJail], problems: [ManagerProblem])
    {
        let rcStamp = fs.stamp(Self.rcConf)
        if stamps.first != rcStamp || stamps.isEmpty {
            workdir = fs.read(Self.rcConf).success.flatMap {
                ManagerSettingsText.shellVariables($0, file: Self.rcConf)["cbsd_workdir"]
            }.flatMap { $0.isEmpty ? nil : JailPath.normalized($0) }
        }
        guard let workdir else {
            stamps = [rcStamp]
            last = ([], [])
            return last
        }
        let database = Self.database(workdir: workdir)
        let now = [rcStamp, fs.stamp(database), fs.stamp(database + "-wal")]
        if now == stamps { return last }
        stamps = now
        switch now[1] {
        case .success(nil):
            last = ([], [])
            return last
        case .failure(let reason):
            last = ([], [ManagerProblem(database, reason)])
            return last
        case .success: break
        }
        do throws(ToolRunError) {
            // The file is named as it is on disk (under JAILTOP_ROOT), as `jail -f CONF` is.
            let result = try await runner.run(Self.sqlite3, Self.arguments(database: fs.root + database), timeout: timeout)
            // A failure stands until the database changes (a non-root jailtop cannot open a
            // 0660 cbsd:cbsd file: asking every refresh would not help).
            guard result.status == 0 else {
                last = (last.jails, [ManagerProblem(database, "sqlite3: " + (result.stderrSummary.isEmpty ? "exit status \(result.status)" : result.stderrSummary))])
                return last
            }
            last = (Self.jails(fromASCII: result.stdout, workdir: workdir, database: database), [])
        } catch {
            let why = if case .notFound = error { "needs \(Self.sqlite3) (pkg install sqlite3) to read it" } else { error.description }
            last = (last.jails, [ManagerProblem(database, why)])
        }
        return last
    }

    /// The jails in `sqlite3 -header -ascii` output: the first record names the columns.
    static func jails(fromASCII output: [UInt8], workdir: String, database: String) -> [ManagedJail] {
        let records = output.split(separator: recordSeparator, omittingEmptySubsequences: false).map { record in
            record.split(separator: unitSeparator, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
        guard let header = records.first else { return [] }
        let column = Dictionary(header.enumerated().map { ($1.trimming("\n"), $0) }, uniquingKeysWith: { first, _ in first })
        var jails: [ManagedJail] = []
        for record in records.dropFirst() where record.count == header.count {
            func value(_ name: String) -> String? {
                guard let i = column[name] else { return nil }
                let v = record[i]
                return v.isEmpty ? nil : v
            }
            guard let name = value("jname") else { continue }
            // The bhyve and xen rows; `cbsd jls` lists emulator jail and qemu-*-static (a jail
            // running foreign binaries through qemu-user).
            if let emulator = value("emulator"), emulator != "jail", !(emulator.hasPrefix("qemu-") && emulator.hasSuffix("-static")) {
                continue
            }
            // normalize_path: a relative path is the workdir's.
            var path = value("path") ?? JailPath.join(workdir, "jails/\(name)")
            if !path.hasPrefix("/") { path = JailPath.join(workdir, path) }
            let release = value("ver").map { $0 == "native" || $0.contains("-") ? $0 : $0 + "-RELEASE" }
            jails.append(
                ManagedJail(
                    manager: .cbsd, name: name, path: path, hostname: value("host_hostname") ?? "",
                    ip4: ConfiguredJail.addresses([value("ip4_addr") ?? ""]).filter { !$0.contains(":") && $0 != "DHCP" && $0 != "0" },
                    ip6: ConfiguredJail.addresses([value("ip4_addr") ?? ""]).filter { $0.contains(":") },
                    vnet: ManagerSettingsText.flag(value("vnet")) ?? false, boot: ManagerSettingsText.flag(value("astart")),
                    priority: value("b_order").flatMap { Int($0) },
                    tags: (value("tags") ?? "").split(separator: ",").map { $0.trimming(" ") }.filter { !$0.isEmpty },
                    notes: nil, release: release, config: database))
        }
        return jails
    }
}
