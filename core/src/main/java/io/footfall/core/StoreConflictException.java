package io.footfall.core;

/**
 * A write was refused because it contradicts what is stored: a unique value is taken (an id, an
 * e-mail address, a write key, an API key prefix, a membership), or it refers to an object that
 * does not exist in the organization (a site of another organization in a membership or shared
 * link, an unknown person). Nothing was written. The message names the value.
 */
public class StoreConflictException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreConflictException(String message) {
    super(message);
  }
}
