import Foundation

/// What the two fuzz targets share: handing control to libFuzzer's driver (builds with FUZZING defined and
/// -sanitize=fuzzer), or replaying files through the same check (normal builds).
public enum FuzzSupport {
    #if FUZZING
        /// The check libFuzzer calls with each input (its callback is a C function and cannot capture).
        nonisolated(unsafe) static var target: ((Data) -> Void)?

        /// Runs libFuzzer's driver over `check`, with the process's own arguments, and exits with its status.
        public static func runLibFuzzer(_ check: @escaping (Data) -> Void) -> Never {
            target = check
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(
                runFuzzerDriver(&argc, &argv) { bytes, count in
                    FuzzSupport.target?(bytes.map { Data(bytes: $0, count: count) } ?? Data())
                    return 0
                })
        }
    #endif

    /// Runs `check` on each file named on the command line, printing `ok FILE[: outcome]` after each.
    public static func replay(_ check: (Data) -> String?) {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("cannot read \(path)"); continue }
            let outcome = check(data)
            print("ok \(path)" + (outcome.map { ": \($0)" } ?? ""))
        }
    }
}

#if FUZZING
    /// libFuzzer's entry for a program that keeps its own main (SwiftPM links an executable's entry as <module>_main).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32
#endif
