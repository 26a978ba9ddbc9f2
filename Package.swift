// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "GLMTTS",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "GLMTTS", targets: ["GLMTTS"]),
        .library(name: "TextEncoding", targets: ["TextEncoding"]),
        .library(name: "SpeakerStyle", targets: ["SpeakerStyle"]),
        .library(name: "WaveformOutput", targets: ["WaveformOutput"]),
        .library(name: "CKernels", targets: ["CKernels"]),
        .executable(name: "glmtts", targets: ["glmtts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Attention, KV-cache append, upsampling convolutions, FFT/STFT, LSTM, BLAS/LAPACK wrappers.
        .target(
            name: "CKernels",
            path: "CKernels",
            exclude: ["README.md"],
            publicHeadersPath: "include",
            linkerSettings: [
                .linkedLibrary("openblas"),
                .linkedLibrary("lapacke"),
                .linkedLibrary("m"),
            ]
        ),
        // Memory-mapped, validated safetensors files: shared by the decoder and the speaker encoder.
        .target(name: "ModelStorage"),
        // Shim over libflite's English lexicon and letter-to-sound rules (Debian: flite1-dev).
        .target(
            name: "CFlite",
            linkerSettings: [
                .linkedLibrary("flite_usenglish"),
                .linkedLibrary("flite_cmulex"),
                .linkedLibrary("flite"),
                .linkedLibrary("m"),
            ]
        ),
        .target(name: "TextEncoding", dependencies: ["CFlite"], resources: [.copy("Resources")]),
        // Audio libraries from Debian (Scripts/install-deps.sh): reading, resampling, voice activity.
        .systemLibrary(name: "CSndFile", path: "Sources/CSndFile"),
        .systemLibrary(name: "CSoxr", path: "Sources/CSoxr"),
        .systemLibrary(name: "CWebRTCVAD", path: "Sources/CWebRTCVAD"),
        .target(name: "WaveformOutput", dependencies: ["CSoxr"]),
        .target(
            name: "SpeakerStyle",
            dependencies: ["CKernels", "ModelStorage", "WaveformOutput", "CSndFile", "CWebRTCVAD"],
            resources: [.copy("Resources/ge2e_resemblyzer.safetensors")]
        ),
        .target(
            name: "GLMTTS",
            dependencies: ["CKernels", "ModelStorage", "TextEncoding", "SpeakerStyle", "WaveformOutput"],
            // The bundled model's directory (Docs/ModelFormat.md); until it is exported, only a README.
            resources: [.copy("Resources/bundled")]
        ),
        .executableTarget(
            name: "glmtts",
            dependencies: [
                "GLMTTS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CKernelsTests",
            dependencies: ["CKernels"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TextEncodingTests",
            dependencies: ["TextEncoding"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SpeakerStyleTests",
            dependencies: ["SpeakerStyle", "WaveformOutput", "ModelStorage"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "WaveformOutputTests", dependencies: ["WaveformOutput", "SpeakerStyle"]),
        .testTarget(
            name: "GLMTTSTests",
            dependencies: ["GLMTTS", "ModelStorage"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ModelStorageTests", dependencies: ["ModelStorage"]),
        .testTarget(name: "glmttsTests", dependencies: ["glmtts"]),
    ],
    swiftLanguageModes: [.v6]
)
