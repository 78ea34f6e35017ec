// EPUBCheck on many EPUB files in one Java process (tests/books/epubcheck.py runs it).
//
// EPUBCheck's own command line checks one file per run, and most of a run is the JVM and
// the schemas warming up (several seconds); in one process the second file takes a few
// hundred milliseconds. Each file gets EPUBCheck's JSON report next to it (FILE.json).
// Run as a source file: java -cp epubcheck.jar EpubCheckMany.java a.epub b.epub ...
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubCheckMany {
    public static void main(String[] files) {
        int worst = 0;
        for (String file : files) {
            int code = new EpubChecker().run(new String[] {file, "--json", file + ".json", "--quiet"});
            worst = Math.max(worst, code);
        }
        System.exit(worst);
    }
}
