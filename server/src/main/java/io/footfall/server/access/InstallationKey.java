package io.footfall.server.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The installation's secret key ({@code installation.key} in the data directory). */
public final class InstallationKey {
  private static final Logger log = LoggerFactory.getLogger(InstallationKey.class);

  private InstallationKey() {}

  /**
   * The installation's secret key for persistent-id hashing, created on first start in the data
   * directory (readable by the owner only).
   */
  public static byte[] read(Path dataDir) {
    Path file = dataDir.resolve("installation.key");
    try {
      if (Files.exists(file)) {
        return HexFormat.of().parseHex(Files.readString(file).strip());
      }
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.createDirectories(dataDir);
      Path tmp = dataDir.resolve("installation.key.tmp");
      Files.writeString(tmp, HexFormat.of().formatHex(key));
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        log.warn("cannot restrict permissions of {} on this file system", tmp);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }
}
