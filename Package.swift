// swift-tools-version:6.0
// jailtop: a terminal monitor for FreeBSD jails. See README.md and DESIGN.md in shared/.
import PackageDescription

/// Settings every Swift target shares: Swift 6 mode (from the tools version) plus explicit `any`.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

// Where FreeBSD's ports put their headers (libmicrohttpd's), which its compiler does not search.
// (The manifest is compiled on the machine that builds; PackageDescription's `.freebsd`
// platform condition needs a newer tools version.)
#if os(FreeBSD)
let portsHeaders: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I/usr/local/include"])]
#else
let portsHeaders: [SwiftSetting] = []
#endif

let package = Package(
    name: "jailtop",
    products: [
        .executable(name: "jailtop", targets: ["jailtop"]),
        .executable(name: "jailtop-synth", targets: ["jailtop-synth"]),
        .executable(name: "jailtop-bench", targets: ["jailtop-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Hashed basic-auth credentials for /metrics (its Package.swift builds BoringSSL on FreeBSD).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
    ],
    targets: [
        // The built-in demo host, compiled into the binary with C23 #embed so it travels with it.
        .target(name: "CJailtopDemo", path: "Sources/CJailtopDemo"),
        .target(name: "JailtopModel", swiftSettings: strict),
        .target(
            name: "JailtopCollect",
            dependencies: [
                "JailtopModel", "CJailtopDemo", "CToolSpawn",
            ],
            swiftSettings: strict),
        // Actions as data (what to do, the argv it becomes, how it ended, rule checks): no I/O.
        .target(name: "JailtopActions", dependencies: ["JailtopModel"], swiftSettings: strict),
        // Controllers that run actions on the host (or simulate them on the demo), and their log.
        .target(name: "JailtopControl", dependencies: ["JailtopModel", "JailtopActions", "JailtopCollect"], swiftSettings: strict),
        // The dashboard, pure: state, reducer and panes drawn into a plain ScreenBuffer. It knows
        // the model and action data only: no source, no controller, no curses, no processes.
        .target(name: "JailtopUI", dependencies: ["JailtopModel", "JailtopActions"], swiftSettings: strict),
        // The dashboard's runtime: the loop, the collection driver, children on the terminal.
        .target(
            name: "JailtopApp", dependencies: ["JailtopUI", "JailtopModel", "JailtopActions", "JailtopCollect", "JailtopControl", "CFreedMemory"],
            swiftSettings: strict),
        // ncurses (wide-character) as a system library: a module map and a shim header, no pkg-config
        // (FreeBSD base ships none). Only JailtopCurses imports it.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CFreedMemory", path: "Sources/CFreedMemory"),
        // pipe2 and posix_spawn_file_actions_addclosefrom_np for the tool runner (see its shim.h).
        .systemLibrary(name: "CToolSpawn", path: "Sources/CToolSpawn"),
        .target(name: "JailtopCurses", dependencies: ["CNcursesw", "JailtopUI", "JailtopModel"], swiftSettings: strict),
        // GNU libmicrohttpd, the HTTP server of `jailtop export`: its header at build time, the
        // library itself loaded by `jailtop export` when it starts (see the shim), so no other
        // command loads it and GnuTLS with it. Not linked, so not found through pkg-config,
        // whose flags would link it (`portsHeaders` finds the header on FreeBSD). Only
        // JailtopExport imports it.
        .systemLibrary(
            name: "CMicroHTTPD", path: "Sources/CMicroHTTPD",
            providers: [.apt(["libmicrohttpd-dev"]), .brew(["libmicrohttpd"])]),
        // Prometheus metrics: a pure renderer, the timer that samples, the HTTP server, the textfile.
        .target(
            name: "JailtopExport",
            dependencies: ["JailtopModel", "JailtopCollect", "CMicroHTTPD", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict + portsHeaders),
        // Test doubles shipped as a target, like swift-log's InMemoryLogging.
        .target(name: "JailtopTestSupport", dependencies: ["JailtopCollect", "JailtopModel", "JailtopUI", "JailtopApp"], swiftSettings: strict),
        .target(name: "JailtopSynth", dependencies: ["JailtopModel"], swiftSettings: strict),
        .target(name: "JailtopReport", dependencies: ["JailtopModel"], swiftSettings: strict),
        .executableTarget(
            name: "jailtop",
            dependencies: [
                "JailtopModel", "JailtopCollect", "JailtopReport", "JailtopUI", "JailtopApp", "JailtopCurses", "JailtopActions",
                "JailtopControl", "JailtopExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "jailtop-synth",
            dependencies: ["JailtopSynth", "JailtopModel", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .executableTarget(
            name: "jailtop-bench",
            dependencies: ["JailtopSynth", "JailtopModel", "JailtopCollect", "JailtopReport", "JailtopUI"],
            swiftSettings: strict),
        .testTarget(name: "JailtopModelTests", dependencies: ["JailtopModel"], swiftSettings: strict),
        .testTarget(
            name: "JailtopCollectTests", dependencies: ["JailtopCollect", "JailtopModel", "JailtopSynth", "JailtopTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "JailtopUITests",
            dependencies: ["JailtopUI", "JailtopApp", "JailtopModel", "JailtopActions", "JailtopCollect", "JailtopControl", "JailtopReport", "JailtopTestSupport"],
            exclude: ["Snapshots"], swiftSettings: strict),
        .testTarget(name: "JailtopCursesTests", dependencies: ["JailtopCurses", "CNcursesw", "JailtopUI", "JailtopModel"], swiftSettings: strict),
        .testTarget(
            name: "JailtopControlTests", dependencies: ["JailtopControl", "JailtopActions", "JailtopCollect", "JailtopModel", "JailtopTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "JailtopExportTests",
            dependencies: ["JailtopExport", "JailtopCollect", "JailtopModel", "JailtopTestSupport"],
            exclude: ["Snapshots"], swiftSettings: strict),
        .testTarget(name: "JailtopReportTests", dependencies: ["JailtopReport", "JailtopModel"], swiftSettings: strict),
        .testTarget(
            name: "CLITests", dependencies: ["jailtop", "JailtopModel", "JailtopApp", "JailtopCollect", "JailtopTestSupport"],
            exclude: ["Fixtures", "Snapshots"], swiftSettings: strict),
    ]
)
