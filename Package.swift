// swift-tools-version: 6.0
import PackageDescription

// Targets mirror folders. C libraries sit in small system-library targets next to the
// only target that links them, so a contributor's plugin never links libxml2 or libcrypt.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// How the release executable is laid out on Linux, to keep resident memory small on a phone
// (scripts/build-release.sh says why; Benchmarks/RESULTS.md has the figures): LLD, packed
// relative relocations (needs glibc 2.36), the functions a phone session runs placed together
// in the order of scripts/pocketdav.order, and private functions, which have no symbol to
// order by, gathered in one place by scripts/release-layout.ld.
let releaseLayout: [LinkerSetting] = [
    .unsafeFlags([
        "-use-ld=lld",
        "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
        "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/scripts/pocketdav.order",
        "-Xlinker", "--no-warn-symbol-ordering",
        "-Xlinker", "--script=\(Context.packageDirectory)/scripts/release-layout.ld",
        // The Swift driver exports every symbol of an executable (for dladdr); nothing here
        // looks itself up, and the 3.9 MB symbol table was read by the dynamic loader at start.
        "-Xlinker", "--no-export-dynamic",
    ], .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "pocketdav",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pocketdav", targets: ["pocketdav"]),
        .library(name: "DAVCore", targets: ["DAVCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2", path: "Sources/DAVCore/CLibXML2",
            pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(
            name: "DAVCore",
            dependencies: [
                "CLibXML2",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/DAVCore", exclude: ["CLibXML2"], swiftSettings: swiftSettings),

        .target(name: "CNonBlockingIO", path: "Sources/Backends/FileSystem/CNonBlockingIO"),
        .target(
            name: "FileSystemStorage",
            dependencies: ["DAVCore", "CNonBlockingIO", .product(name: "Logging", package: "swift-log"),
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Backends/FileSystem", exclude: ["CNonBlockingIO"], swiftSettings: swiftSettings),

        .target(
            name: "PostgresStorage",
            dependencies: ["DAVCore", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Sources/Backends/Postgres", swiftSettings: swiftSettings),

        // libgit2's headers (Debian: libgit2-dev) and forwards to the library, which is loaded
        // when a git storage opens, not linked (CGit2/include/CGit2.h says why).
        .target(name: "CGit2", path: "Sources/Backends/Git/CGit2", linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "GitStorage",
            dependencies: ["DAVCore", "CGit2", .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Sources/Backends/Git", exclude: ["CGit2"], swiftSettings: swiftSettings),

        .systemLibrary(name: "CCrypt", path: "Sources/AuthPlugins/CCrypt", providers: [.apt(["libcrypt-dev"])]),
        // No pkgConfig: argon2.h is in /usr/include, and the -L/usr/lib/<arch> that libargon2.pc
        // adds would come before scripts/release-link/lib in the release link.
        .systemLibrary(name: "CArgon2", path: "Sources/AuthPlugins/CArgon2", providers: [.apt(["libargon2-dev"])]),
        .target(
            name: "AuthPlugins",
            dependencies: ["DAVCore", "CCrypt", "CArgon2", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Sources/AuthPlugins", exclude: ["CCrypt", "CArgon2"], swiftSettings: swiftSettings),

        .target(name: "RightsPlugins", dependencies: ["DAVCore"], path: "Sources/RightsPlugins",
                swiftSettings: swiftSettings),

        .target(
            name: "PocketDAVApp",
            dependencies: [
                "DAVCore", "FileSystemStorage", "PostgresStorage", "GitStorage", "AuthPlugins", "RightsPlugins",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            path: "Sources/pocketdav/App", swiftSettings: swiftSettings),
        .executableTarget(name: "pocketdav", dependencies: ["PocketDAVApp"], path: "Sources/pocketdav/Main",
                          swiftSettings: swiftSettings, linkerSettings: releaseLayout),

        // Shared by every test target: the storage conformance suite, an in-memory storage and the
        // in-process test client (test targets cannot depend on each other).
        .target(name: "DAVTesting", dependencies: ["DAVCore"], path: "Sources/DAVTesting",
                swiftSettings: swiftSettings),

        .testTarget(name: "DAVCoreTests", dependencies: ["DAVCore", "DAVTesting", "RightsPlugins"],
                    exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "BackendsTests", dependencies: ["FileSystemStorage", "PostgresStorage", "GitStorage", "DAVTesting", "DAVCore",
                                                       .product(name: "PostgresNIO", package: "postgres-nio")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "AuthPluginsTests", dependencies: ["AuthPlugins", "RightsPlugins", "DAVCore", "DAVTesting"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "RightsPluginsTests", dependencies: ["RightsPlugins", "DAVCore", "DAVTesting",
                                                           .product(name: "Logging", package: "swift-log")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "PocketDAVAppTests", dependencies: ["PocketDAVApp", "DAVTesting", "DAVCore", "PostgresStorage", "AuthPlugins",
                                                            "FileSystemStorage", "GitStorage", "RightsPlugins",
                                                            .product(name: "Logging", package: "swift-log"),
                                                            .product(name: "PostgresNIO", package: "postgres-nio")],
                    swiftSettings: swiftSettings),
    ]
)
