import JailtopModel

/// ezjail 3.x (shared/managers.md §6): one rc-style file per jail in `/usr/local/etc/ezjail/`,
/// named by the jail's SAFENAME (its name with every non-alphanumeric made `_`), `.norun` when
/// it is not started at boot; `export jail_SAFENAME_hostname=…`, `_ip`, `_rootdir`. rc.d/jail
/// names the kernel jail SAFENAME; the admin names it by its hostname.
struct EzjailLayout: ManagerLayout {
    static let directory = "/usr/local/etc/ezjail"

    var manager: JailManager { .ezjail }

    func locate(_ fs: ManagerFileSystem) -> ManagerLocation {
        ManagerLocation(directories: [Self.directory], watched: ["/usr/local/etc/ezjail.conf"])
    }

    func stampedFiles(of entry: ManagerEntry) -> [String] { [entry.path] }

    func jail(at entry: ManagerEntry, _ fs: ManagerFileSystem) throws(ManagerProblem) -> ManagedJail? {
        let norun = entry.name.hasSuffix(".norun")
        let safename = norun ? String(entry.name.dropLast(".norun".count)) : entry.name
        guard !safename.isEmpty, safename.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            return nil
        }
        guard let bytes = try fs.jailFile(entry.path) else { return nil }
        let variables = ManagerSettingsText.shellVariables(bytes, file: entry.path)
        func value(_ suffix: String) -> String? {
            variables["jail_\(safename)_\(suffix)"].flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let rootdir = value("rootdir") else { return nil }
        let addresses = ConfiguredJail.addresses([value("ip") ?? ""])
        return ManagedJail(
            manager: .ezjail, name: value("hostname") ?? safename, kernelName: safename, path: rootdir,
            hostname: value("hostname") ?? "", ip4: addresses.filter { !$0.contains(":") },
            ip6: addresses.filter { $0.contains(":") }, boot: !norun,
            release: fs.textInside(jailRoot: rootdir, "/bin/freebsd-version").flatMap(ManagerSettingsText.userlandVersion),
            config: entry.path)
    }
}
