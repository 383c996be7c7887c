"""The application file to hand to ``spark-submit`` (it needs a .py path, not a console script):

    spark-submit --master yarn ... "$(python -m qualitycheck.audit.spark_main --path)" \\
        audit /mnt/archive --out /mnt/audit --engine spark
"""
import sys

if __name__ == "__main__":
    if sys.argv[1:] == ["--path"]:
        print(__file__)
        sys.exit(0)
    from qualitycheck.cli import main

    main()
