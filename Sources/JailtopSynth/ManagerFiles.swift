import Foundation
import JailtopModel

/// A synthetic host's jails as Bastille keeps them, for the benchmarks: every jail of a sample
/// (running or stopped) gets `/usr/local/bastille/jails/NAME/` with the `jail.conf`,
/// `settings.conf`, `tags` and `fstab` that `bastille create` writes, its `path` the jail's own
/// (so the running ones are Bastille's by name and root), under a root directory.
public enum ManagerFiles {
    public static let jailsDirectory = "/usr/local/bastille/jails"

    /// Writes the files below `root` (a stand-in host's root).
    public static func writeBastille(_ sample: Snapshot, root: String) throws {
        let fm = FileManager.default
        let settings = URL(fileURLWithPath: root + "/usr/local/etc/bastille")
        try fm.createDirectory(at: settings, withIntermediateDirectories: true)
        try Data("bastille_prefix=\"/usr/local/bastille\"\nbastille_jailsdir=\"${bastille_prefix}/jails\"\n".utf8)
            .write(to: settings.appendingPathComponent("bastille.conf"))
        for (i, jail) in sample.jails.enumerated() {
            let directory = URL(fileURLWithPath: root + jailsDirectory + "/" + jail.name)
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            let address = jail.ip4.first.map { "  ip4.addr = bastille0|\($0);\n" } ?? "  vnet;\n  vnet.interface = e0b_\(jail.name);\n"
            let conf = """
                \(jail.name) {
                  enforce_statfs = 2;
                  devfs_ruleset = 4;
                  exec.clean;
                  exec.consolelog = /var/log/bastille/\(jail.name)_console.log;
                  exec.start = '/bin/sh /etc/rc';
                  exec.stop = '/bin/sh /etc/rc.shutdown';
                  host.hostname = \(jail.hostname.isEmpty ? jail.name : jail.hostname);
                  mount.devfs;
                  mount.fstab = \(jailsDirectory)/\(jail.name)/fstab;
                  path = \(jail.path);
                  securelevel = 2;
                \(address)}

                """
            try Data(conf.utf8).write(to: directory.appendingPathComponent("jail.conf"))
            try Data("boot=\"\(i % 3 == 0 ? "off" : "on")\"\ndepend=\"\"\npriority=\"\(10 + i % 90)\"\n".utf8)
                .write(to: directory.appendingPathComponent("settings.conf"))
            try Data("customer\(i % 40)\n".utf8).write(to: directory.appendingPathComponent("tags"))
            try Data("/usr/local/bastille/releases/14.3-RELEASE \(jail.path)/.bastille nullfs ro 0 0\n".utf8)
                .write(to: directory.appendingPathComponent("fstab"))
        }
    }
}
