// swift-tools-version: 6.2
import PackageDescription

// The benchmark suite lives in its own package, so that building and testing
// gwsh never pays for it. It depends on the gwsh package by path and imports
// the modules the `GatewayShell` product links (Gateway, GatewayApps,
// AppLoaders, Session).
let package = Package(
  name: "gwsh-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "gwsh", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "gwsh-bench",
      dependencies: [
        .product(name: "Gateway", package: "gwsh"),
        .product(name: "GatewayShell", package: "gwsh"),
      ]
    )
  ]
)
