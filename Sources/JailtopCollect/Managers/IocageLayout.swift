import JailtopModel

/// iocage, the Python one (shared/managers.md §2): the active pool's `iocage` dataset is the
/// iocroot, and each `jails/NAME/config.json` there, over `defaults.json`, is one jail that
/// the kernel knows as `ioc-NAME` with dots made underscores, rooted at `jails/NAME/root`.
///
/// Which pool is active is a ZFS property (`org.freebsd.ioc:active`), which only zfs(8) can
/// read; what is found without running anything is the dataset's mountpoint, which iocage makes
/// inherit (`/POOL/iocage`; `/mnt/POOL/iocage` on TrueNAS). Every such directory with a `jails`
/// directory is read. [A pool mounted elsewhere is not found; unverified on a real host.]
struct IocageLayout: ManagerLayout {
    static let mountParents = ["/", "/mnt"]
    /// Top-level directories that are the base system's, never a pool's mountpoint (and some,
    /// /tmp above all, change all the time).
    static let systemDirectories: Set<String> = [
        "bin", "boot", "compat", "dev", "etc", "home", "lib", "libexec", "media", "mnt", "net", "proc", "rescue", "root", "sbin",
        "sys", "tmp", "usr", "var",
    ]

    var manager: JailManager { .iocage }

    func locate(_ fs: ManagerFileSystem) -> ManagerLocation {
        var location = ManagerLocation(watched: Self.mountParents)
        for parent in Self.mountParents {
            guard case .success(let names?) = fs.list(parent) else { continue }
            for name in names {
                let pool = JailPath.join(parent, name)
                guard parent != "/" || !Self.systemDirectories.contains(name),
                    case .success(let stamp?) = fs.stamp(pool), stamp.isDirectory
                else { continue }
                // A pool activated later creates `POOL/iocage` (POOL's stamp changes), then its
                // `jails` (the iocroot's does).
                location.watched.append(pool)
                let iocroot = JailPath.join(pool, "iocage")
                if case .success(let root?) = fs.stamp(iocroot), root.isDirectory { location.watched.append(iocroot) }
                guard case .success(let jails?) = fs.stamp(JailPath.join(iocroot, "jails")), jails.isDirectory else { continue }
                let directory = JailPath.join(iocroot, "jails")
                location.directories.append(directory)
                location.context[directory] = ["iocroot": iocroot]
            }
        }
        return location
    }

    func stampedFiles(of entry: ManagerEntry) -> [String] {
        [entry.file("config.json"), JailPath.join(entry.context["iocroot"] ?? "", "defaults.json")]
    }

    func jail(at entry: ManagerEntry, _ fs: ManagerFileSystem) throws(ManagerProblem) -> ManagedJail? {
        let configPath = entry.file("config.json")
        guard let config = try readObject(configPath, fs) else { return nil }
        // get_full_config: defaults.json, overlaid by the jail's own keys.
        let defaults = (try? readObject(JailPath.join(entry.context["iocroot"] ?? "", "defaults.json"), fs)) ?? nil
        func value(_ key: String) -> String? {
            guard let v = config[key] ?? defaults?[key] else { return nil }
            switch v {
            case .string(let s): return s
            case .number(let n): return n
            case .bool(let b): return b ? "1" : "0"
            default: return nil
            }
        }
        func meaningful(_ key: String) -> String? {
            guard let v = value(key), v != "none", !v.isEmpty else { return nil }
            return v
        }
        // Templates cannot be started (`__check_jail_type__`); they live in `templates/` but
        // a `template` flag can be set on a jail too.
        if ManagerSettingsText.flag(value("template")) == true { return nil }
        // The dataset's name is what iocage's CLI looks up first (then prefixes): the name the
        // commands get. (Before its version-8 migration the dataset was a UUID and `tag` the
        // admin's name; iocage then refuses to act until `iocage -f` renames it.)
        let name = value("host_hostuuid") ?? entry.name
        let ip4 = Self.addresses(meaningful("ip4_addr"))
        let ip6 = Self.addresses(meaningful("ip6_addr"))
        return ManagedJail(
            manager: .iocage, name: name, kernelName: "ioc-" + name.replacing(".", with: "_"),
            path: entry.file("root"), hostname: meaningful("host_hostname") ?? "", ip4: ip4, ip6: ip6,
            vnet: ManagerSettingsText.flag(value("vnet")) ?? false, boot: ManagerSettingsText.flag(value("boot")),
            priority: value("priority").flatMap { Int($0) }, notes: meaningful("notes"), release: meaningful("release"),
            config: configPath)
    }

    /// `vnet0|10.0.0.5/24,vnet1|10.0.1.5/24`, or `DHCP`/`accept_rtadv` (no address known yet).
    static func addresses(_ value: String?) -> [String] {
        guard let value, value.uppercased() != "DHCP", value != "accept_rtadv" else { return [] }
        return ConfiguredJail.addresses([value])
    }

    private func readObject(_ path: String, _ fs: ManagerFileSystem) throws(ManagerProblem) -> LibxoJSONObject? {
        guard let bytes = try fs.jailFile(path) else { return nil }
        let value: LibxoJSONValue
        do throws(ToolOutputError) { value = try LibxoJSONReader.read(bytes, tool: "config.json") } catch { throw ManagerProblem(path, "\(error)") }
        guard let object = value.objectValue else { throw ManagerProblem(path, "not a JSON object") }
        return object
    }
}
