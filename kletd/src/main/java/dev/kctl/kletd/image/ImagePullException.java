package dev.kctl.kletd.image;

/**
 * An image reference that cannot be resolved; the message says which image, where it was looked
 * for and what is there, for a pod's {@code ErrImagePull} status.
 */
public final class ImagePullException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImagePullException(String message) {
    super(message);
  }

  public ImagePullException(String message, Throwable cause) {
    super(message, cause);
  }
}
