/** The few piexifjs calls the test photo needs (the package ships no types). */
declare module 'piexifjs' {
  const piexif: {
    ImageIFD: { Orientation: number; Make: number; Model: number };
    GPSIFD: { GPSLatitudeRef: number; GPSLatitude: number; GPSLongitudeRef: number; GPSLongitude: number };
    dump(exif: Record<string, unknown>): string;
    insert(exifBytes: string, jpegBinary: string): string;
  };
  export default piexif;
}
