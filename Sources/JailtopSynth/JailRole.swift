/// The services a synthetic jail runs (web, database, mail, …): its processes, its load shape
/// and its disk and network traffic. Roles are modelled on common FreeBSD jail deployments.
public struct JailRole: Sendable {
    public var name: String
    public var processes: [ProcessBlueprint]
    /// The blueprint repeated to fill a jail up to a target process count (large hosts).
    public var worker: ProcessBlueprint
    /// Disk bytes/s at the peak of the load wave.
    public var readPeak: Double
    public var writePeak: Double
    /// Network bytes/s at the peak (VNET jails only).
    public var netPeak: Double
    /// Samples per load cycle, so jails do not all peak together.
    public var period: Double
    /// Memory growth per sample, as a fraction (a leaky cache, a growing buffer pool).
    public var memoryGrowth: Double
    public var sysvipc: Bool

    static let base: [ProcessBlueprint] = [
        ProcessBlueprint("syslogd", "/usr/sbin/syslogd -ss", rssMiB: 2.9, vszMiB: 13.4),
        ProcessBlueprint("cron", "/usr/sbin/cron -J 60 -s", rssMiB: 2.6, vszMiB: 13.3),
    ]

    public static let web = JailRole(
        name: "web",
        processes: base + [
            ProcessBlueprint("nginx", "nginx: master process /usr/local/sbin/nginx", rssMiB: 9, vszMiB: 37, isParent: true),
            ProcessBlueprint(
                "nginx", "nginx: worker process (nginx)", user: "www", uid: 80, count: 4, cpu: 6, rssMiB: 14,
                vszMiB: 41, state: "SJ"),
            ProcessBlueprint(
                "php-fpm", "php-fpm: master process (/usr/local/etc/php-fpm.conf) (php-fpm)", rssMiB: 28, vszMiB: 210,
                isParent: true),
            ProcessBlueprint(
                "php-fpm", "php-fpm: pool www (php-fpm)", user: "www", uid: 80, count: 8, cpu: 9, rssMiB: 46,
                vszMiB: 236, churn: 0.04, state: "SJ"),
        ],
        worker: ProcessBlueprint(
            "php-fpm", "php-fpm: pool www (php-fpm)", user: "www", uid: 80, cpu: 3, rssMiB: 21, vszMiB: 236,
            churn: 0.02, state: "SJ"),
        readPeak: 2_500_000, writePeak: 800_000, netPeak: 9_000_000, period: 40, memoryGrowth: 0, sysvipc: false)

    public static let database = JailRole(
        name: "db",
        processes: base + [
            ProcessBlueprint(
                "postgres", "/usr/local/bin/postgres -D /var/db/postgres/data16", user: "postgres", uid: 770,
                rssMiB: 2100, vszMiB: 2480, isParent: true),
            ProcessBlueprint("postgres", "postgres: checkpointer (postgres)", user: "postgres", uid: 770, cpu: 0.3, rssMiB: 1900, vszMiB: 2480, state: "SsJ"),
            ProcessBlueprint("postgres", "postgres: background writer (postgres)", user: "postgres", uid: 770, cpu: 0.5, rssMiB: 410, vszMiB: 2480, state: "SsJ"),
            ProcessBlueprint("postgres", "postgres: walwriter (postgres)", user: "postgres", uid: 770, cpu: 0.4, rssMiB: 36, vszMiB: 2480, state: "SsJ"),
            ProcessBlueprint("postgres", "postgres: autovacuum launcher (postgres)", user: "postgres", uid: 770, cpu: 0.1, rssMiB: 12, vszMiB: 2480, state: "SsJ"),
            ProcessBlueprint(
                "postgres", "postgres: app appdb 10.0.1.{n}(5{n}12) idle (postgres)", user: "postgres", uid: 770,
                count: 12, cpu: 11, rssMiB: 260, vszMiB: 2490, churn: 0.03, state: "SsJ"),
        ],
        worker: ProcessBlueprint(
            "postgres", "postgres: app appdb 10.0.1.{n}(5{n}12) idle (postgres)", user: "postgres", uid: 770, cpu: 2,
            rssMiB: 90, vszMiB: 2490, churn: 0.02, state: "SsJ"),
        readPeak: 48_000_000, writePeak: 21_000_000, netPeak: 4_000_000, period: 55, memoryGrowth: 0.0012, sysvipc: true)

    public static let mail = JailRole(
        name: "mail",
        processes: base + [
            ProcessBlueprint("master", "/usr/local/libexec/postfix/master -w", rssMiB: 5, vszMiB: 20, isParent: true),
            ProcessBlueprint("qmgr", "qmgr -l -t unix -u", user: "postfix", uid: 125, rssMiB: 6, vszMiB: 20, state: "SJ"),
            ProcessBlueprint("pickup", "pickup -l -t unix -u", user: "postfix", uid: 125, rssMiB: 6, vszMiB: 20, churn: 0.05, state: "SJ"),
            ProcessBlueprint("tlsmgr", "tlsmgr -l -t unix -u", user: "postfix", uid: 125, rssMiB: 7, vszMiB: 21, state: "SJ"),
            ProcessBlueprint("smtpd", "smtpd -n smtp -t inet -u -o stress=", user: "postfix", uid: 125, count: 3, cpu: 1.5, rssMiB: 9, vszMiB: 24, churn: 0.15, state: "SJ"),
            ProcessBlueprint("dovecot", "/usr/local/sbin/dovecot -F", rssMiB: 5, vszMiB: 19, isParent: true),
            ProcessBlueprint("imap-login", "dovecot/imap-login", user: "dovenull", uid: 144, count: 3, cpu: 0.2, rssMiB: 8, vszMiB: 22, churn: 0.05, state: "SJ"),
            ProcessBlueprint("imap", "dovecot/imap", user: "vmail", uid: 143, count: 5, cpu: 0.8, rssMiB: 11, vszMiB: 25, churn: 0.08, state: "SJ"),
            ProcessBlueprint("rspamd", "rspamd: main process (rspamd)", user: "rspamd", uid: 493, rssMiB: 120, vszMiB: 260, isParent: true),
            ProcessBlueprint("rspamd", "rspamd: normal process (rspamd)", user: "rspamd", uid: 493, count: 2, cpu: 4, rssMiB: 150, vszMiB: 280, state: "SJ"),
        ],
        worker: ProcessBlueprint("imap", "dovecot/imap", user: "vmail", uid: 143, cpu: 0.5, rssMiB: 10, vszMiB: 25, churn: 0.05, state: "SJ"),
        readPeak: 1_200_000, writePeak: 900_000, netPeak: 2_000_000, period: 70, memoryGrowth: 0, sysvipc: false)

    public static let dns = JailRole(
        name: "dns",
        processes: base + [
            ProcessBlueprint("unbound", "/usr/local/sbin/unbound -c /usr/local/etc/unbound/unbound.conf", user: "unbound", uid: 59, cpu: 2.5, rssMiB: 48, vszMiB: 75, threads: 4, state: "SsJ"),
        ],
        worker: ProcessBlueprint("unbound", "/usr/local/sbin/unbound -c /usr/local/etc/unbound/unbound.conf", user: "unbound", uid: 59, cpu: 1, rssMiB: 40, vszMiB: 70, threads: 2, state: "SsJ"),
        readPeak: 20_000, writePeak: 60_000, netPeak: 600_000, period: 30, memoryGrowth: 0, sysvipc: false)

    public static let git = JailRole(
        name: "git",
        processes: base + [
            ProcessBlueprint("sshd", "sshd: /usr/sbin/sshd [listener] 0 of 10-100 startups (sshd)", rssMiB: 9, vszMiB: 22),
            ProcessBlueprint("gitea", "/usr/local/sbin/gitea web --config /usr/local/etc/gitea/conf/app.ini", user: "git", uid: 211, cpu: 3, rssMiB: 310, vszMiB: 1650, threads: 18, state: "SJ"),
            ProcessBlueprint("git", "/usr/local/bin/git upload-pack /var/db/gitea/repos/ops/infra.git", user: "git", uid: 211, cpu: 25, rssMiB: 60, vszMiB: 120, churn: 0.3, state: "RJ"),
        ],
        worker: ProcessBlueprint("git", "/usr/local/bin/git upload-pack /var/db/gitea/repos/ops/infra.git", user: "git", uid: 211, cpu: 4, rssMiB: 40, vszMiB: 110, churn: 0.2, state: "SJ"),
        readPeak: 6_000_000, writePeak: 400_000, netPeak: 3_000_000, period: 25, memoryGrowth: 0, sysvipc: false)

    public static let cache = JailRole(
        name: "cache",
        processes: base + [
            ProcessBlueprint("redis-server", "/usr/local/bin/redis-server 127.0.0.1:6379 (redis-server)", user: "redis", uid: 535, cpu: 4, rssMiB: 880, vszMiB: 950, threads: 5, state: "SsJ"),
            ProcessBlueprint("memcached", "/usr/local/bin/memcached -l 127.0.0.1 -m 64 -c 1024 -t 4 -U 0 -d", user: "nobody", uid: 65534, cpu: 1, rssMiB: 30, vszMiB: 90, threads: 10, state: "SsJ"),
        ],
        worker: ProcessBlueprint("memcached", "/usr/local/bin/memcached -l 127.0.0.1 -m 64 -d", user: "nobody", uid: 65534, cpu: 0.5, rssMiB: 20, vszMiB: 80, threads: 6, state: "SsJ"),
        readPeak: 0, writePeak: 1_500_000, netPeak: 12_000_000, period: 35, memoryGrowth: 0.0009, sysvipc: false)

    public static let monitor = JailRole(
        name: "monitor",
        processes: base + [
            ProcessBlueprint("prometheus", "/usr/local/bin/prometheus --config.file=/usr/local/etc/prometheus.yml --storage.tsdb.path=/var/db/prometheus", user: "prometheus", uid: 800, cpu: 6, rssMiB: 640, vszMiB: 2100, threads: 14, state: "SJ"),
            ProcessBlueprint("alertmanager", "/usr/local/bin/alertmanager --config.file=/usr/local/etc/alertmanager/alertmanager.yml", user: "alertmanager", uid: 801, cpu: 0.3, rssMiB: 38, vszMiB: 740, threads: 9, state: "SJ"),
            ProcessBlueprint("grafana", "/usr/local/bin/grafana server --homepath=/usr/local/share/grafana", user: "grafana", uid: 904, cpu: 1.5, rssMiB: 210, vszMiB: 1900, threads: 16, state: "SJ"),
        ],
        worker: ProcessBlueprint("blackbox_exporter", "/usr/local/bin/blackbox_exporter", user: "prometheus", uid: 800, cpu: 0.2, rssMiB: 25, vszMiB: 730, threads: 7, state: "SJ"),
        readPeak: 900_000, writePeak: 3_200_000, netPeak: 1_500_000, period: 15, memoryGrowth: 0, sysvipc: false)

    public static let proxy = JailRole(
        name: "proxy",
        processes: base + [
            ProcessBlueprint("haproxy", "/usr/local/sbin/haproxy -q -f /usr/local/etc/haproxy.conf -p /var/run/haproxy.pid", user: "www", uid: 80, cpu: 14, rssMiB: 70, vszMiB: 140, threads: 8, state: "SsJ"),
        ],
        worker: ProcessBlueprint("haproxy", "/usr/local/sbin/haproxy -q -f /usr/local/etc/haproxy.conf", user: "www", uid: 80, cpu: 2, rssMiB: 40, vszMiB: 120, threads: 2, state: "SJ"),
        readPeak: 10_000, writePeak: 300_000, netPeak: 42_000_000, period: 40, memoryGrowth: 0, sysvipc: false)

    public static let vpn = JailRole(
        name: "vpn",
        processes: base + [
            ProcessBlueprint("openvpn", "/usr/local/sbin/openvpn --cd /usr/local/etc/openvpn --daemon openvpn --config /usr/local/etc/openvpn/server.conf", cpu: 3.5, rssMiB: 11, vszMiB: 26, state: "SsJ"),
        ],
        worker: ProcessBlueprint("openvpn", "/usr/local/sbin/openvpn --config /usr/local/etc/openvpn/client{n}.conf", cpu: 1, rssMiB: 9, vszMiB: 24, state: "SsJ"),
        readPeak: 0, writePeak: 20_000, netPeak: 5_000_000, period: 60, memoryGrowth: 0, sysvipc: false)

    public static let builder = JailRole(
        name: "ci",
        processes: base + [
            ProcessBlueprint("buildkite-agent", "/usr/local/bin/buildkite-agent start --config /usr/local/etc/buildkite-agent/buildkite-agent.cfg", user: "buildkite", uid: 1001, cpu: 0.5, rssMiB: 35, vszMiB: 730, threads: 11, isParent: true, state: "SJ"),
            ProcessBlueprint("make", "make -j4 buildworld", user: "buildkite", uid: 1001, cpu: 0.8, rssMiB: 12, vszMiB: 28, churn: 0.05, state: "SJ"),
            ProcessBlueprint("cc", "/usr/bin/cc -O2 -pipe -c /usr/src/sys/kern/kern_jail.c -o kern_jail.o (clang)", user: "buildkite", uid: 1001, count: 3, cpu: 97, rssMiB: 180, vszMiB: 260, churn: 0.35, state: "RJ"),
            ProcessBlueprint("ld.lld", "ld.lld -o kernel.full --build-id=sha1 (ld.lld)", user: "buildkite", uid: 1001, cpu: 90, rssMiB: 420, vszMiB: 600, churn: 0.5, state: "RJ"),
        ],
        worker: ProcessBlueprint("cc", "/usr/bin/cc -O2 -pipe -c file{n}.c (clang)", user: "buildkite", uid: 1001, cpu: 30, rssMiB: 120, vszMiB: 200, churn: 0.3, state: "RJ"),
        readPeak: 30_000_000, writePeak: 18_000_000, netPeak: 0, period: 20, memoryGrowth: 0, sysvipc: false)

    /// A jail that only holds children (a hierarchy parent): no processes of its own.
    public static let container = JailRole(
        name: "container", processes: [],
        worker: ProcessBlueprint("sleep", "sleep 3600"),
        readPeak: 0, writePeak: 0, netPeak: 0, period: 30, memoryGrowth: 0, sysvipc: false)

    /// The roles a large generated host cycles through.
    public static let rotation: [JailRole] = [web, database, mail, dns, git, cache, monitor, proxy, vpn, builder]
}
