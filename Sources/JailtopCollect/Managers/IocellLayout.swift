import JailtopModel

/// iocell and iocage_legacy (shared/managers.md §2, last part): shell tools whose jails are
/// ZFS datasets `POOL/iocell/jails/UUID` mounted under `/iocell/jails`, each with a UCL
/// `config` (`tag`, `boot`, …); the kernel name is `ioc-UUID`, and the CLI takes the tag.
struct IocellLayout: ManagerLayout {
    static let jailsDirectory = "/iocell/jails"

    var manager: JailManager { .iocell }

    func locate(_ fs: ManagerFileSystem) -> ManagerLocation {
        ManagerLocation(directories: [Self.jailsDirectory], watched: ["/iocell"])
    }

    func stampedFiles(of entry: ManagerEntry) -> [String] { [entry.file("config")] }

    func jail(at entry: ManagerEntry, _ fs: ManagerFileSystem) throws(ManagerProblem) -> ManagedJail? {
        let path = entry.file("config")
        guard let bytes = try fs.jailFile(path) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        // UCL as uclcmd writes it: `key = "value";` (or `key: value`) one per line.
        var values: [String: String] = [:]
        for (key, found) in ManagerSettingsText.keyValues(text, separators: "=:") {
            values[key] = found.last
        }
        func meaningful(_ key: String) -> String? {
            guard let v = values[key], v != "none", !v.isEmpty else { return nil }
            return v
        }
        if ManagerSettingsText.flag(values["template"]) == true { return nil }
        return ManagedJail(
            manager: .iocell, name: meaningful("tag") ?? entry.name, kernelName: "ioc-" + entry.name,
            path: entry.file("root"), hostname: meaningful("hostname") ?? "",
            ip4: IocageLayout.addresses(meaningful("ip4_addr")), ip6: IocageLayout.addresses(meaningful("ip6_addr")),
            vnet: ManagerSettingsText.flag(values["vnet"]) ?? false, boot: ManagerSettingsText.flag(values["boot"]),
            priority: values["priority"].flatMap { Int($0) }, notes: meaningful("notes"), release: meaningful("release"),
            config: path)
    }
}
