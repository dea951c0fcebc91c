"""The command owns its process: settings made once here, libraries left untouched."""
from __future__ import annotations

import os
import subprocess
import sys


def test_importing_the_library_changes_no_process_setting():
    """A program that imports kgqa's stages keeps its environment, log levels and modules as they were."""
    code = (
        "import logging, os, sys\n"
        "before = dict(os.environ)\n"
        "import store, ingest, kg.build, kg.relations, kg.export, retrieval.engine, retrieval.encoder_models, pipeline, service.session\n"
        "from retrieval.tokenize import MixedTokenizer\n"
        "MixedTokenizer(['梯度消失']).tokenize('梯度消失')\n"
        "assert dict(os.environ) == before, set(os.environ.items()) ^ set(before.items())\n"
        "assert not logging.getLogger('jieba').filters\n"
        "assert 'torch' not in sys.modules\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "TOKENIZERS_"))}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr


def test_the_command_sets_offline_model_loading_and_keeps_the_users_own_values():
    code = (
        "import os\n"
        "os.environ['TRANSFORMERS_VERBOSITY'] = 'info'\n"
        "from cli.runtime import configure_process\n"
        "configure_process()\n"
        "assert os.environ['HF_HUB_OFFLINE'] == '1' and os.environ['TRANSFORMERS_VERBOSITY'] == 'info'\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
