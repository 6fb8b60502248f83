// swift-tools-version:6.0
import PackageDescription

/// Kernels are compiled three times: for AVX-512, for AVX2+FMA (x86-64-v3), and portable.
/// `Inference` picks one at run time, so the fast build never crashes an older CPU.
/// Kernel loops index memory the planner laid out and checked at load time, so they are compiled
/// without overflow checks (-Ounchecked); 9-tap loops were half overflow checks before.
let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
let avx2Flags: [SwiftSetting] = kernelFlags + [.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-mf16c"])]
/// The AVX-512 build (Skylake-SP and later, Zen 4 and later): F, VL, BW and DQ, with FMA.
let avx512Flags: [SwiftSetting] =
    kernelFlags + [
        .unsafeFlags([
            "-Xcc", "-mavx512f", "-Xcc", "-mavx512vl", "-Xcc", "-mavx512bw", "-Xcc", "-mavx512dq",
            "-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-mf16c",
        ])
    ]

let package = Package(
    name: "closet",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "closet", targets: ["closet"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        // SHA-256 in hardware (SHA-NI) through BoringSSL, for naming and checking photos.
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // MARK: C at the bottom: system libraries and the smallest shims.
        .systemLibrary(
            name: "CNcursesw", path: "Sources/CShims/CNcursesw", pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]),
        .target(
            name: "CImageCodecs", path: "Sources/CShims/CImageCodecs",
            cSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16"), .linkedLibrary("heif"), .linkedLibrary("webp")]),
        .systemLibrary(
            name: "CQREncode", path: "Sources/CShims/CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .target(name: "CCPUFeatures", path: "Sources/CShims/CCPUFeatures"),

        // MARK: Data files (taxonomy, colour palette), embedded in the binary.
        .target(
            name: "ClosetResources", path: "Resources",
            exclude: ["README.md"],
            resources: [.embedInCode("taxonomy.json"), .embedInCode("palette.json"), .embedInCode("strings.json")]),

        // MARK: Domain and store.
        .target(
            name: "ClosetKit",
            dependencies: [
                "ClosetResources", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ]),

        // MARK: Images.
        .target(name: "Imaging", dependencies: ["CImageCodecs", "ClosetResources"]),

        // MARK: The CNN inference engine.
        .target(name: "InferenceKernels", dependencies: ["CCPUFeatures"]),
        .target(name: "InferenceKernelsAVX2", dependencies: ["InferenceKernels"], swiftSettings: avx2Flags),
        .target(
            name: "InferenceKernelsAVX512", dependencies: ["InferenceKernels", "InferenceKernelsAVX2", "CCPUFeatures"],
            swiftSettings: avx512Flags),
        .target(name: "InferenceKernelsPortable", dependencies: ["InferenceKernels"], swiftSettings: kernelFlags),
        // int8 kernels in C, each build a function with its own target attribute (AVX2, AVX-VNNI, AVX-512 VNNI),
        // chosen at run time by CPUID; no fused multiply-add contraction, so every build gives the same bytes.
        .target(name: "InferenceKernelsInt8", cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off"])]),
        .target(
            name: "Inference",
            dependencies: [
                "InferenceKernels", "InferenceKernelsAVX2", "InferenceKernelsAVX512", "InferenceKernelsPortable", "CCPUFeatures",
                "InferenceKernelsInt8",
            ]),

        // MARK: The classifier (engine + k-NN over the user's items).
        .target(name: "Classifier", dependencies: ["Inference", "Imaging"]),

        // MARK: Cut-outs: the garment's mask (U²-Netp in the engine).
        .target(name: "Segmenter", dependencies: ["Inference", "InferenceKernels", "Imaging", "ClosetKit"]),
        // MARK: Cut-outs on a backdrop, and an outfit as one picture (shown by the TUI and the CLI).
        .target(name: "Cutouts", dependencies: ["ClosetKit", "Imaging", "Segmenter"]),

        // MARK: Import: file -> decoded, classified, stored item (shared by the CLI and the TUI).
        .target(name: "Importer", dependencies: ["ClosetKit", "Imaging", "Classifier", "Segmenter"]),

        // MARK: Photos from a phone: `closet receive`'s HTTP server, its page and QR code, into the importer.
        .target(name: "Receiver", dependencies: ["ClosetKit", "Imaging", "Importer", "CQREncode"]),

        // MARK: Weather and outfits.
        .target(name: "Weather", dependencies: []),
        .target(name: "Stylist", dependencies: ["ClosetKit", "Weather"]),

        // MARK: The terminal UI: pictures in terminal protocols (kitty, Sixel), then the TUI.
        .target(name: "TerminalGraphics", dependencies: ["Imaging"]),
        .target(
            name: "ClosetTUI",
            dependencies: [
                "ClosetKit", "Imaging", "Importer", "Stylist", "Weather", "TerminalGraphics", "CNcursesw",
                "Cutouts",
            ]),

        // MARK: The command line (top): the commands as a library, and `closet`, a thin main that runs them.
        .target(
            name: "ClosetCLI",
            dependencies: [
                "ClosetKit", "Imaging", "Inference", "InferenceKernels", "Classifier", "Importer", "Weather", "Stylist", "ClosetTUI",
                "TerminalGraphics", "Receiver", "Segmenter", "Cutouts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "closet", dependencies: ["ClosetCLI"]),

        // MARK: Fuzzing the import path and restore (corpus replay tools in normal builds; see tools/fuzz/run.sh).
        .target(name: "FuzzSupport"),
        .executableTarget(name: "ImportFuzzer", dependencies: ["Importer", "ClosetKit", "FuzzSupport"]),
        .executableTarget(
            name: "RestoreFuzzer", dependencies: ["ClosetKit", "FuzzSupport", .product(name: "GRDB", package: "GRDB.swift")]),

        // MARK: Tests mirror the modules.
        .target(name: "TestSupport", dependencies: ["Imaging", "ClosetKit", "ClosetCLI"], path: "Tests/TestSupport"),
        .testTarget(name: "ClosetKitTests", dependencies: ["TestSupport", "ClosetKit", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ImagingTests", dependencies: ["TestSupport", "Imaging"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InferenceTests", dependencies: ["TestSupport", "Inference"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ClassifierTests", dependencies: ["TestSupport", "Classifier", "Imaging", "Importer", "ClosetKit"],
            exclude: ["Fixtures"]),
        .testTarget(name: "StylistTests", dependencies: ["TestSupport", "Stylist", "Weather", "ClosetKit", "Importer", "Classifier"]),
        .testTarget(
            name: "ClosetTUITests",
            dependencies: ["TestSupport", "ClosetTUI", "TerminalGraphics", "ClosetKit", "Imaging", "Cutouts", "Segmenter", "Importer"]),
        .testTarget(name: "CutoutsTests", dependencies: ["TestSupport", "Cutouts", "Segmenter", "Imaging", "ClosetKit"]),
        .testTarget(name: "TerminalGraphicsTests", dependencies: ["TestSupport", "TerminalGraphics", "Imaging"]),
        .testTarget(name: "ImporterTests", dependencies: ["TestSupport", "Importer", "ClosetKit", "Imaging", "Classifier", "Segmenter"]),
        .testTarget(name: "ReceiverTests", dependencies: ["TestSupport", "Receiver", "Importer", "ClosetKit", "Imaging"]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "TestSupport", "ClosetCLI", "ClosetKit", "Imaging", "CImageCodecs", "Inference", "Segmenter", "Cutouts",
            ]),
    ],
    // Swift 5 mode: the code is written data-race-free by design (values, one writer), without
    // Swift 6's strict checking of C pointers and Dispatch closures.
    swiftLanguageModes: [.v5]
)
