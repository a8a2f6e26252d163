package io.footfall.server.access;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hashes and checks people's passwords with argon2id (Password4j, pure Java).
 *
 * <p>Parameters are OWASP's recommended argon2id setting: {@value #MEMORY_KIB} KiB (19 MiB) of
 * memory, {@value #ITERATIONS} iterations, parallelism {@value #PARALLELISM}, a {@value
 * #SALT_BYTES}-byte random salt and a {@value #HASH_BYTES}-byte hash. One hash takes about 41 ms on
 * the 2-core build machine (docs/dependencies.md). The encoded form is the PHC string every argon2
 * implementation reads, e.g. {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}.
 *
 * <p>Passwords are normalized to Unicode NFKC before hashing (NIST SP 800-63B 5.1.1.2), so a
 * password typed on another keyboard or operating system, which may compose accents differently,
 * still matches.
 *
 * <p>Each hash holds 19 MiB and a core while it runs, so at most {@link #maxConcurrentHashes()} run
 * at once; further callers wait. A burst of logins or shared-link passwords therefore costs the
 * callers time, not the server's memory, and leaves the other half of the cores to everyone else's
 * requests.
 *
 * <p>Thread-safe.
 */
public final class PasswordHasher {
  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;

  /**
   * Longer input never matches: {@link #hash} refuses more than {@link PasswordPolicy#MAX_BYTES},
   * and this bound keeps a hostile login body from costing more than a normal one.
   */
  static final int MAX_VERIFY_BYTES = 4 * PasswordPolicy.MAX_BYTES;

  /** The most memory a stored hash may ask for: 1 GiB, fifty times the default. */
  static final int MAX_MEMORY_KIB = 1024 * 1024;

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final Argon2Function function;
  private final Semaphore running;
  private final LongAdder computed = new LongAdder();
  private final String dummyHash;

  /**
   * A hasher with OWASP's parameters whose hash count is the counter {@code
   * footfall_password_hashes_total} of {@code meters}.
   */
  public static PasswordHasher counted(MeterRegistry meters) {
    PasswordHasher hasher = new PasswordHasher();
    FunctionCounter.builder("footfall.password.hashes", hasher, PasswordHasher::hashesComputed)
        .description("argon2id hashes computed: sign-ins, shared-link passwords, new passwords")
        .register(meters);
    return hasher;
  }

  /** A hasher with OWASP's recommended argon2id parameters (see the class comment). */
  public PasswordHasher() {
    this(MEMORY_KIB, ITERATIONS, PARALLELISM);
  }

  /** Other parameters, for tests of {@link #needsRehash}; production uses the defaults. */
  PasswordHasher(int memoryKib, int iterations, int parallelism) {
    if (parallelism < 1 || iterations < 1 || memoryKib < 8 * parallelism) {
      throw new IllegalArgumentException(
          "argon2id needs parallelism >= 1, iterations >= 1 and memory >= 8 KiB x parallelism, got"
              + " m="
              + memoryKib
              + " KiB, t="
              + iterations
              + ", p="
              + parallelism);
    }
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.function =
        Argon2Function.getInstance(
            memoryKib,
            iterations,
            parallelism,
            HASH_BYTES,
            Argon2.ID,
            Argon2Function.ARGON2_VERSION_13);
    this.running = new Semaphore(maxConcurrentHashes(), true);
    // A hash of a random secret nobody knows: dummyVerify checks against it, so that a login for
    // an unknown email takes as long as one for a known email.
    this.dummyHash = hash(Secrets.token());
  }

  /**
   * Hashes a new password with a fresh random salt.
   *
   * @param password the password as typed; check it with {@link PasswordPolicy} first
   * @return the PHC-encoded argon2id hash, about 100 ASCII characters
   * @throws IllegalArgumentException if the password is empty or longer than {@link
   *     PasswordPolicy#MAX_BYTES} bytes in UTF-8 after NFKC normalization
   */
  public String hash(String password) {
    byte[] bytes = normalizedBytes(password);
    if (bytes.length == 0 || bytes.length > PasswordPolicy.MAX_BYTES) {
      throw new IllegalArgumentException(
          "password must be 1-"
              + PasswordPolicy.MAX_BYTES
              + " bytes in UTF-8 to be hashed, got "
              + bytes.length);
    }
    return guarded(() -> function.hash(bytes, Secrets.randomBytes(SALT_BYTES)).getResult());
  }

  /**
   * Checks a password against a stored hash. Takes the time of one hash with the stored hash's
   * parameters, wherever the two differ; the final comparison is constant-time.
   *
   * @param password the password as typed
   * @param encoded a hash from {@link #hash}, possibly made with older parameters
   * @return true only if the password matches; false for a wrong password, an empty or overlong
   *     one, and for anything that is not an argon2id PHC string
   */
  public boolean verify(String password, String encoded) {
    Objects.requireNonNull(encoded, "encoded");
    byte[] bytes = normalizedBytes(password);
    if (bytes.length == 0 || bytes.length > MAX_VERIFY_BYTES || Phc.parse(encoded).isEmpty()) {
      return false;
    }
    try {
      Argon2Function stored = Argon2Function.getInstanceFromHash(encoded);
      return guarded(() -> stored.check(bytes, encoded.getBytes(StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) { // includes Password4j's BadParametersException
      return false;
    }
  }

  /**
   * Spends the time of a {@link #verify} and always answers false. Call it when no account has the
   * given email, so that response times do not tell which emails have accounts:
   *
   * <pre>{@code
   * boolean ok = person.map(p -> hasher.verify(password, p.passwordHash()))
   *     .orElseGet(() -> hasher.dummyVerify(password));
   * }</pre>
   */
  public boolean dummyVerify(String password) {
    verify(password, dummyHash);
    return false;
  }

  /**
   * Whether a stored hash should be replaced by {@link #hash} of the same password, which the
   * caller knows right after a successful {@link #verify}: true when it was made with other
   * parameters than this hasher's, or is not an argon2id PHC string at all.
   */
  public boolean needsRehash(String encoded) {
    Objects.requireNonNull(encoded, "encoded");
    return Phc.parse(encoded)
        .map(
            phc ->
                phc.memoryKib() != memoryKib
                    || phc.iterations() != iterations
                    || phc.parallelism() != parallelism
                    || phc.hashBytes() != HASH_BYTES)
        .orElse(true);
  }

  /**
   * How many hashes run at the same time at most: half the cores, at least one. (It was every core;
   * then guessing a shared link's password slowed other tenants' requests from 6.5 to 478 ms on two
   * cores, issue 14.)
   */
  public static int maxConcurrentHashes() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /** The password as hashed: NFKC-normalized, then UTF-8. */
  static byte[] normalizedBytes(String password) {
    Objects.requireNonNull(password, "password");
    return normalize(password).getBytes(StandardCharsets.UTF_8);
  }

  public static String normalize(String password) {
    return Normalizer.normalize(password, Normalizer.Form.NFKC);
  }

  /**
   * The parameters of an argon2id PHC string, read before Password4j sees it, so that a corrupt
   * stored value is refused instead of allocating whatever memory it names.
   */
  private record Phc(int memoryKib, int iterations, int parallelism, int hashBytes) {
    private static final Pattern FORM =
        Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})"
                + "\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{22,})");

    static Optional<Phc> parse(String encoded) {
      Matcher m = FORM.matcher(encoded);
      if (!m.matches()) {
        return Optional.empty();
      }
      int memory = Integer.parseInt(m.group(1));
      int iterations = Integer.parseInt(m.group(2));
      int parallelism = Integer.parseInt(m.group(3));
      if (parallelism < 1
          || iterations < 1
          || memory < 8 * parallelism
          || memory > MAX_MEMORY_KIB) {
        return Optional.empty();
      }
      // Unpadded base64: every 4 characters are 3 bytes.
      return Optional.of(new Phc(memory, iterations, parallelism, m.group(5).length() * 3 / 4));
    }
  }

  /**
   * How many argon2id hashes this hasher has computed (hashing, verifying and the equal-work dummy
   * checks): the password work the server has spent, exported as {@code
   * footfall_password_hashes_total}.
   */
  public long hashesComputed() {
    return computed.sum();
  }

  private <T> T guarded(Supplier<T> work) {
    running.acquireUninterruptibly();
    computed.increment();
    try {
      return work.get();
    } finally {
      running.release();
    }
  }
}
