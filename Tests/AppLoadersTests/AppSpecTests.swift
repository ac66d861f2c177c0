import AppLoaders
import Gateway
import TestSupport
import Testing

@Suite("App specs and loading")
struct AppSpecTests {
  @Test("specs parse in the notation users type, with gunicorn's default callable")
  func parsing() throws {
    #expect(try AppSpec(parsing: "demo") == .builtin("demo"))
    #expect(try AppSpec(parsing: "cgi:./hello.sh") == .cgi(path: "./hello.sh"))
    #expect(
      try AppSpec(parsing: "python:myproject.wsgi:application")
        == .python(module: "myproject.wsgi", callable: "application"))
    #expect(try AppSpec(parsing: "python:shop") == .python(module: "shop", callable: "application"))
    #expect(try AppSpec(parsing: "python:shop:make.app") == .python(module: "shop", callable: "make.app"))
  }

  @Test("a slip in a spec's kind is answered with the spec as meant; another kind gets no guess")
  func misspeltKind() throws {
    func message(_ text: String) -> String {
      do {
        _ = try AppSpec(parsing: text)
        return ""
      } catch {
        return "\(error)"
      }
    }
    #expect(message("pyhton:shop:app").hasSuffix("Did you mean 'python:shop:app'?"))
    #expect(message("Python:shop").hasSuffix("Did you mean 'python:shop'?"))
    #expect(message("cig:./hello.sh").hasSuffix("Did you mean 'cgi:./hello.sh'?"))
    #expect(message("ftp:host").hasSuffix("expected NAME (a built-in app), cgi:PATH or python:MODULE:CALLABLE."))
  }

  @Test("the default name is the built-in's name, the program's file name or the module")
  func defaultNames() throws {
    #expect(try AppSpec(parsing: "echo").defaultName == "echo")
    #expect(try AppSpec(parsing: "cgi:/srv/cgi-bin/hello.sh").defaultName == "hello.sh")
    #expect(try AppSpec(parsing: "python:myproject.wsgi:application").defaultName == "myproject.wsgi")
  }

  @Test("a session file's folder resolves a relative CGI program, never a Python module")
  func resolvingFromAFile() throws {
    #expect(
      try AppSpec(parsing: "cgi:./hello.sh").resolvingProgram(from: "/srv/tests") == .cgi(path: "/srv/tests/hello.sh"))
    #expect(
      try AppSpec(parsing: "cgi:../bin/app.cgi").resolvingProgram(from: "/srv/tests/")
        == .cgi(path: "/srv/tests/../bin/app.cgi"))
    #expect(
      try AppSpec(parsing: "cgi:/usr/lib/cgit/cgit.cgi").resolvingProgram(from: "/srv")
        == .cgi(path: "/usr/lib/cgit/cgit.cgi"))
    #expect(
      try AppSpec(parsing: "python:shop.wsgi").resolvingProgram(from: "/srv")
        == .python(module: "shop.wsgi", callable: "application"))
  }

  @Test("a bad spec is refused with what was expected")
  func errors() {
    #expect(throws: AppSpecError.self) { try AppSpec(parsing: "") }
    #expect(throws: AppSpecError.self) { try AppSpec(parsing: "cgi:") }
    #expect(throws: AppSpecError.self) { try AppSpec(parsing: "python:a:b:c") }
    #expect(throws: AppSpecError.self) { try AppSpec(parsing: "ruby:app.rb") }
    do {
      _ = try AppSpec(parsing: "python:my-project.wsgi:app")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("'my-project.wsgi'"))
      #expect(error.description.contains("python:MODULE:CALLABLE"))
    }
  }

  @Test("loading names a missing built-in, a missing program and one that is not executable")
  func loadErrors() {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write("plain.sh", "#!/bin/sh\n")
    let loader = AppLoader(options: LoadOptions(workingDirectory: directory.path))
    let unknown = #expect(throws: LoadError.self) { try loader.load(.builtin("nope")) }
    if case .unknownBuiltin(let name, let available)? = unknown {
      #expect(name == "nope")
      #expect(available.contains("demo") && available.contains("echo"))
    } else {
      Issue.record("expected unknownBuiltin, got \(String(describing: unknown))")
    }
    #expect(throws: LoadError.programMissing(path: "missing.sh")) { try loader.load(.cgi(path: "missing.sh")) }
    #expect(throws: LoadError.programNotExecutable(path: "plain.sh")) { try loader.load(.cgi(path: "plain.sh")) }
    #expect(throws: LoadError.programIsDirectory(path: ".")) { try loader.load(.cgi(path: ".")) }
  }

  @Test("a built-in loads as itself and answers")
  func builtin() throws {
    let loaded = try AppLoader(options: LoadOptions(workingDirectory: "/")).load(.builtin("echo"))
    let exchange = dispatch(loaded, target: "/anything?x=1")
    #expect(exchange.status == "200 OK")
    #expect(exchange.bodyText.contains("\"QUERY_STRING\""))
  }

  @Test("a python: spec naming a value that is not callable says what the value is, in plain words")
  func notCallable() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write("counts.py", "COUNT = 5\n")
    let loader = AppLoader(options: LoadOptions(workingDirectory: directory.path))
    let error = try #require(throws: LoadError.self) { try loader.load(.python(module: "counts", callable: "COUNT")) }
    #expect(
      "\(error)".contains("TypeError: counts:COUNT is the int 5, which is not callable, so it cannot be the WSGI app"),
      "\(error)")
    #expect(!"\(error)".contains("Traceback"), "the lookup is gwsh's, not the app's code: \(error)")
  }

  @Test("a python: spec naming a callable the module lacks lists the module's own callables, application and app first")
  func missingCallable() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "shop.py",
      "from os.path import join\nclass Cart: pass\ndef tidy(): pass\ndef app(environ, start_response): pass\nLIMIT = 3\n"
    )
    directory.write("empty.py", "LIMIT = 3\n")
    let loader = AppLoader(options: LoadOptions(workingDirectory: directory.path))
    let error = try #require(throws: LoadError.self) {
      try loader.load(.python(module: "shop", callable: "application"))
    }
    #expect(
      "\(error)".contains(
        "AttributeError: module 'shop' has no attribute 'application'\n"
          + "callables in shop that could be the app: app, tidy (as in python:shop:app)"),
      "\(error)")
    #expect(!"\(error)".contains("Traceback"), "\(error)")
    let none = try #require(throws: LoadError.self) { try loader.load(.python(module: "empty", callable: "app")) }
    #expect("\(none)".contains("empty defines nothing callable that could be the app"), "\(none)")
  }
}
