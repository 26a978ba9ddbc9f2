// swift-tools-version: 6.1
// Kernel benchmarks for GLMTTS, kept out of the library's own package so that building or testing the
// library never fetches the benchmark framework.
//
//   swift package benchmark                      # ordo-one/benchmark suite (Benchmarks/KernelBenchmarks)
//   swift run -c release KernelReport [--json]   # plain side-by-side table (Sources/KernelReport)
import PackageDescription

let package = Package(
    name: "GLMTTSBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "GLMTTS", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Buffers and kernel calls shared by both executables.
        .target(
            name: "BenchSupport",
            dependencies: [.product(name: "CKernels", package: "GLMTTS")],
            path: "Sources/BenchSupport"
        ),
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/KernelBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "KernelReport",
            dependencies: ["BenchSupport"],
            path: "Sources/KernelReport"
        ),
    ],
    swiftLanguageModes: [.v6]
)
