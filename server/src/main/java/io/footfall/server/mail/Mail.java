package io.footfall.server.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One plain-text mail to one recipient, with optional attachments.
 *
 * @param to the recipient's address, e.g. {@code ada@example.org}: no display name, no list
 * @param subject one line of at most {@value #MAX_SUBJECT_CHARS} characters, any script
 * @param textBody the plain-text body, not empty, at most {@value #MAX_BODY_CHARS} characters
 * @param attachments files attached after the body, possibly none; together at most {@value
 *     #MAX_ATTACHMENT_BYTES} bytes
 */
public record Mail(String to, String subject, String textBody, List<Attachment> attachments) {
  public static final int MAX_SUBJECT_CHARS = 250;
  public static final int MAX_BODY_CHARS = 1_000_000;
  public static final int MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

  // Deliberately simple: one '@', no spaces, no characters that start a list or a display name.
  // The SMTP server is the judge of deliverability; this only keeps headers well-formed.
  private static final Pattern ADDRESS =
      Pattern.compile("[^\\s@,;:<>\"()\\[\\]\\\\]+@[^\\s@,;:<>\"()\\[\\]\\\\]+");

  public Mail {
    requireAddress("to", to);
    Objects.requireNonNull(subject, "subject");
    if (subject.isBlank() || subject.length() > MAX_SUBJECT_CHARS || hasLineBreak(subject)) {
      throw new IllegalArgumentException(
          "mail subject must be one non-blank line of at most "
              + MAX_SUBJECT_CHARS
              + " characters, got "
              + subject.length()
              + " characters");
    }
    Objects.requireNonNull(textBody, "textBody");
    if (textBody.isEmpty() || textBody.length() > MAX_BODY_CHARS) {
      throw new IllegalArgumentException(
          "mail body must be 1-" + MAX_BODY_CHARS + " characters, got " + textBody.length());
    }
    attachments = List.copyOf(attachments);
    long total = attachments.stream().mapToLong(a -> a.size()).sum();
    if (total > MAX_ATTACHMENT_BYTES) {
      throw new IllegalArgumentException(
          "mail attachments must be at most "
              + MAX_ATTACHMENT_BYTES
              + " bytes together, got "
              + total);
    }
  }

  /** A mail without attachments. */
  public Mail(String to, String subject, String textBody) {
    this(to, subject, textBody, List.of());
  }

  static void requireAddress(String field, String address) {
    Objects.requireNonNull(address, field);
    if (address.length() > 254 || !ADDRESS.matcher(address).matches() || !rfc822(address)) {
      throw new IllegalArgumentException(
          field
              + " must be one plain email address such as name@example.org, got '"
              + address
              + "'");
    }
  }

  /** Whether Jakarta Mail accepts it strictly, so that sending cannot fail on its form. */
  private static boolean rfc822(String address) {
    try {
      new InternetAddress(address, true).validate();
      return true;
    } catch (AddressException e) {
      return false;
    }
  }

  private static boolean hasLineBreak(String text) {
    return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
  }

  /**
   * A file attached to a {@link Mail}.
   *
   * @param fileName the name shown to the recipient, 1-255 characters, no path separators or line
   *     breaks; any script (encoded per RFC 2231)
   * @param contentType the media type, e.g. {@code application/pdf} or {@code text/csv}
   * @param content the bytes; copied in and out, so the record stays immutable
   */
  public record Attachment(String fileName, String contentType, byte[] content) {
    private static final Pattern MEDIA_TYPE =
        Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+", Pattern.CASE_INSENSITIVE);

    public Attachment {
      Objects.requireNonNull(fileName, "fileName");
      if (fileName.isBlank()
          || fileName.length() > 255
          || hasLineBreak(fileName)
          || fileName.indexOf('/') >= 0
          || fileName.indexOf('\\') >= 0) {
        throw new IllegalArgumentException(
            "attachment file name must be 1-255 characters without '/', '\\' or line breaks, got '"
                + fileName
                + "'");
      }
      if (contentType == null || !MEDIA_TYPE.matcher(contentType).matches()) {
        throw new IllegalArgumentException(
            "attachment content type must be a media type such as application/pdf, got '"
                + contentType
                + "'");
      }
      content = Objects.requireNonNull(content, "content").clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] content() {
      return content.clone();
    }

    /** Size in bytes. */
    public int size() {
      return content.length;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Attachment that
          && fileName.equals(that.fileName)
          && contentType.equals(that.contentType)
          && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
      return Objects.hash(fileName, contentType, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
      return "Attachment[" + fileName + ", " + contentType + ", " + content.length + " bytes]";
    }
  }
}
