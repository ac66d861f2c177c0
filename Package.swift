// swift-tools-version: 6.2
import PackageDescription

let package = Package(
  name: "gwsh",
  products: [
    .executable(name: "gwsh", targets: ["gwsh"]),
    .library(name: "Gateway", targets: ["Gateway"]),
    .library(name: "GatewayShell", targets: ["GatewayShell"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // SHA-256 of captured bodies, streamed (BoringSSL's assembly on Linux).
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    // File descriptors and errno, for the platform layer.
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
  ],
  targets: [
    // What Swift cannot spell of the C library and the kernel (POSIX_SPAWN_SETSID, pipe2, memfd, pidfd).
    .target(name: "CSystemShims"),
    // The platform layer: every call into the C library and the kernel (files, processes, pipes,
    // signals, threads, the clock, the terminal), with one error type. Nothing above imports Glibc.
    .target(
      name: "Platform",
      dependencies: ["CSystemShims", .product(name: "SystemPackage", package: "swift-system")]),
    // The core: PEP 3333 in Swift. No terminal, no files, no processes: of the platform it uses
    // only the clock and threads.
    .target(name: "Gateway", dependencies: ["Platform", .product(name: "Crypto", package: "swift-crypto")]),
    // JSON as apps send it: parsed with member order and number forms kept, printed, laid out, queried.
    .target(name: "JSON"),
    // The built-in Swift apps: demo, echo, and the protocol's corners.
    .target(name: "GatewayApps", dependencies: ["Gateway", "JSON", "Platform"]),
    // Apps that live outside the process: CGI programs and Python WSGI apps.
    // The Python worker is a real Python file, compiled into the binary (no resource bundle to ship).
    .target(
      name: "AppLoaders", dependencies: ["Gateway", "GatewayApps", "Platform"],
      resources: [.embedInCode("Python/worker.py")]),
    // The session language: parse, run, record, replay.
    // Apps are loaded through AppLoaders' one loader.
    .target(name: "Session", dependencies: ["Gateway", "AppLoaders", "JSON", "ContentCoding", "Platform"]),
    // GNU readline (Debian: libreadline-dev).
    .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
    // zlib, for gzip and deflate bodies (Debian: zlib1g-dev).
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    // Brotli's decoder, for br bodies (Debian: libbrotli-dev).
    .systemLibrary(name: "CBrotli", providers: [.apt(["libbrotli-dev"])]),
    // Content-Encoding: gzip, deflate and br bodies decoded as a stream, bounded; the core stays free of it.
    .target(name: "ContentCoding", dependencies: ["Gateway", "CZlib", "CBrotli"]),
    // The shell: line editing, rendering, the REPL and the command line.
    .target(
      name: "GatewayShell",
      dependencies: [
        "Gateway", "GatewayApps", "AppLoaders", "Session", "JSON", "CReadline", "ContentCoding", "Platform",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "gwsh", dependencies: ["GatewayShell"]),
    // What tests share: finding and installing real programs, running them, temporary folders.
    .target(name: "TestSupport", dependencies: ["Platform"], path: "Tests/TestSupport"),
    .testTarget(name: "PlatformTests", dependencies: ["Platform", "TestSupport"]),
    .testTarget(name: "GatewayTests", dependencies: ["Gateway"]),
    .testTarget(name: "ContentCodingTests", dependencies: ["ContentCoding", "Gateway"]),
    .testTarget(name: "JSONTests", dependencies: ["JSON"], exclude: ["ComplianceSuite"]),
    .testTarget(name: "GatewayAppsTests", dependencies: ["Gateway", "GatewayApps", "TestSupport"]),
    .testTarget(name: "AppLoadersTests", dependencies: ["Gateway", "AppLoaders", "TestSupport"]),
    .testTarget(
      name: "SessionTests", dependencies: ["Gateway", "GatewayApps", "AppLoaders", "JSON", "Session", "TestSupport"]),
    .testTarget(
      name: "GatewayShellTests",
      dependencies: ["Gateway", "GatewayApps", "AppLoaders", "Session", "GatewayShell", "Platform", "TestSupport"]),
  ]
)
