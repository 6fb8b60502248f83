import Foundation
import Imaging
import TestSupport
import XCTest

/// closet installed like a real tool: `make install-files` into a prefix, the model found beside the
/// binary (not in the checkout), completions and a man page that name every subcommand; and the .deb.
final class InstallTests: XCTestCase {
    /// The checkout: Tests/CLITests/InstallTests.swift → up three.
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The subcommands `closet --help` lists.
    func subcommands(_ binary: String) throws -> [String] {
        let help = try Shell.run([binary, "--help"]).output
        let section = help.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        return section.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // A command's line starts two spaces in; its wrapped description further; the closing "See …" is no command.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = trimmed.split(separator: " ").first,
                !word.hasPrefix("-"), word != "See"
            else { return nil }
            return String(word)
        }
    }

    func testInstallIntoAPrefixFindsTheModelBesideTheBinary() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/make") else { throw Requirement.missing("make is not installed") }
        let dir = TemporaryDirectory()
        let prefix = dir.path("prefix").path
        let install = try Shell.run([
            "make", "-C", Self.checkout.path, "--no-print-directory", "install-files",
            "BIN=\(ClosetProcess.executable.path)", "PREFIX=\(prefix)",
        ])
        XCTAssertEqual(install.status, 0, install.output)
        let binary = prefix + "/bin/closet"
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary))
        // Run with nothing else to find: no CLOSET_MODEL, a home and XDG folders without a model.
        let photo = try dir.write(
            "tee.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 240, height: 320, color: (200, 30, 40)), quality: 90))
        let env = [
            "env", "-u", "CLOSET_MODEL", "HOME=\(dir.path("home").path)", "XDG_DATA_HOME=\(dir.path("xdg").path)",
            "XDG_DATA_DIRS=\(dir.path("none").path)",
        ]
        let classify = try Shell.run(env + [binary, "classify", photo.path, "--json"])
        XCTAssertEqual(classify.status, 0, classify.output)
        XCTAssertTrue(classify.output.contains("\"category\""), classify.output)
        // Through a symbolic link, as ~/bin/closet → …/bin/closet.
        try FileManager.default.createDirectory(at: dir.path("links"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.path("links/closet").path, withDestinationPath: binary)
        XCTAssertEqual(try Shell.run(env + [dir.path("links/closet").path, "classify", photo.path]).status, 0)
        let version = try Shell.run(env + [binary, "--version"]).output
        XCTAssertTrue(version.contains("closet_clothing_mobilenet_v2") && version.contains("sha256") && version.contains(prefix), version)
        // Completions and the man page name every subcommand.
        let commands = try subcommands(binary)
        XCTAssertTrue(commands.contains("plan") && commands.contains("doctor") && commands.count >= 20, "\(commands)")
        for file in [
            "share/bash-completion/completions/closet", "share/zsh/site-functions/_closet",
            "share/fish/vendor_completions.d/closet.fish", "share/man/man1/closet.1",
        ] {
            let text = try String(contentsOfFile: prefix + "/" + file, encoding: .utf8)
            for command in commands { XCTAssertTrue(text.contains(command), "\(file) names \(command)") }
        }
        XCTAssertTrue(try String(contentsOfFile: prefix + "/share/man/man1/closet.1", encoding: .utf8).hasPrefix(".TH CLOSET 1"))
        // A binary with no model beside it says where it looked.
        try FileManager.default.createDirectory(at: dir.path("bare/bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: binary, toPath: dir.path("bare/bin/closet").path)
        let missing = try Shell.run(env + [dir.path("bare/bin/closet").path, "classify", photo.path])
        XCTAssertEqual(missing.status, 66)
        let stderr = try Shell.run([
            "sh", "-c",
            (env + [dir.path("bare/bin/closet").path, "classify", photo.path]).map { "'\($0)'" }
                .joined(separator: " ") + " 2>&1",
        ]).output
        XCTAssertTrue(stderr.contains("closet looked in") && stderr.contains(dir.path("bare/share/closet/models/clothing").path), stderr)
        // And uninstall removes what install put there.
        let uninstall = try Shell.run(["make", "-C", Self.checkout.path, "--no-print-directory", "uninstall", "PREFIX=\(prefix)"])
        XCTAssertEqual(uninstall.status, 0, uninstall.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: binary))
        XCTAssertFalse(FileManager.default.fileExists(atPath: prefix + "/share/closet"))
    }

    /// `make deb`'s package: its files and control. Slow (a static build), so CI runs it and a quick local
    /// run can skip it with CLOSET_SKIP_DEB=1.
    /// The package, built once for the tests that need it.
    static let debFolder = TemporaryDirectory("closet-deb")
    nonisolated(unsafe) static var builtDeb: String?

    func deb() throws -> String {
        guard ProcessInfo.processInfo.environment["CLOSET_SKIP_DEB"] == nil else { throw Requirement.missing("CLOSET_SKIP_DEB is set") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-deb") else {
            throw Requirement.missing("dpkg-deb is not installed")
        }
        if let built = Self.builtDeb { return built }
        let build = try Shell.run([Self.checkout.path + "/tools/package/deb.sh", Self.debFolder.url.path])
        XCTAssertEqual(build.status, 0, build.output)
        let deb = build.output.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(deb.hasSuffix("_amd64.deb") && FileManager.default.fileExists(atPath: deb), build.output)
        Self.builtDeb = deb
        return deb
    }

    func testDebianPackageContentsAndControl() throws {
        let deb = try deb()
        let contents = try Shell.run(["dpkg-deb", "-c", deb]).output
        for path in [
            "./usr/bin/closet", "./usr/share/closet/models/clothing/manifest.json", "./usr/share/closet/models/clothing/model.safetensors",
            "./usr/share/man/man1/closet.1.gz", "./usr/share/bash-completion/completions/closet",
            "./usr/share/zsh/vendor-completions/_closet", "./usr/share/fish/vendor_completions.d/closet.fish",
            "./usr/share/doc/closet/copyright",
        ] {
            XCTAssertTrue(contents.contains(path), "\(path) in the package:\n\(contents)")
        }
        let control = try Shell.run(["dpkg-deb", "-f", deb]).output
        XCTAssertTrue(control.contains("Package: closet") && control.contains("Architecture: amd64"), control)
        let depends = control.split(separator: "\n").first { $0.hasPrefix("Depends:") } ?? ""
        for package in ["libncursesw6", "libsqlite3-0", "libjpeg62-turbo", "libpng16-16", "libheif1", "libwebp7", "libqrencode4", "libc6"] {
            XCTAssertTrue(depends.contains(package), "Depends names \(package): \(depends)")
        }
        XCTAssertFalse(depends.contains("swift"), "the Swift runtime is linked in")
        let copyright = try Shell.run(["sh", "-c", "dpkg-deb --fsys-tarfile '\(deb)' | tar -xO ./usr/share/doc/closet/copyright"]).output
        XCTAssertTrue(copyright.contains("Apache-2.0") && copyright.contains("CC0-1.0"), copyright)
    }

    /// The package on a clean Debian 12: a debootstrap root (about 30 s from Debian's mirror), apt installs
    /// the .deb with its Depends, and closet runs there: its version and model, a photo classified.
    func testDebianPackageInstallsAndRunsOnACleanDebian12() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/debootstrap") else {
            throw Requirement.missing("needs root and debootstrap (make test-all installs it)")
        }
        let deb = try deb()
        let root = TemporaryDirectory("closet-debian12").url.path
        defer { _ = try? Shell.run(["umount", root + "/proc"]); _ = try? Shell.run(["rm", "-rf", root]) }
        let bootstrap = try Shell.run([
            "sh", "-c", "debootstrap --variant=minbase bookworm '\(root)' http://deb.debian.org/debian 2>&1 | tail -3",
        ])
        guard FileManager.default.fileExists(atPath: root + "/usr/bin/apt-get") else {
            throw Requirement.missing("Debian's mirror could not be reached for debootstrap: \(bootstrap.output)")
        }
        XCTAssertEqual(try Shell.run(["mount", "-t", "proc", "proc", root + "/proc"]).status, 0)
        try? FileManager.default.removeItem(atPath: root + "/etc/resolv.conf")
        try FileManager.default.copyItem(atPath: "/etc/resolv.conf", toPath: root + "/etc/resolv.conf")
        try FileManager.default.copyItem(atPath: deb, toPath: root + "/tmp/closet.deb")
        let png = try ImageEncoder.png(SyntheticPhoto.garment(width: 120, height: 160, color: (30, 60, 160)))
        try png.write(to: URL(fileURLWithPath: root + "/tmp/blue.png"))
        let install = try Shell.run([
            "chroot", root, "sh", "-c",
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/closet.deb >/tmp/apt.log 2>&1; echo rc=$?",
        ])
        XCTAssertTrue(install.output.contains("rc=0"), install.output)
        let version = try Shell.run(["chroot", root, "closet", "--version"]).output
        XCTAssertTrue(version.contains("/usr/share/closet/models/clothing") && version.contains("sha256"), version)
        let classify = try Shell.run(["chroot", root, "closet", "classify", "/tmp/blue.png", "--json"])
        XCTAssertEqual(classify.status, 0, classify.output)
        XCTAssertTrue(classify.output.contains("\"category\""), classify.output)
        let list = try Shell.run([
            "chroot", root, "sh", "-c", "closet --wardrobe /tmp/w add /tmp/blue.png --name Blue && closet --wardrobe /tmp/w list --json",
        ])
        XCTAssertTrue(list.output.contains("\"Blue\""), list.output)
    }
}
