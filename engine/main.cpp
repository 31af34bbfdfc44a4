// The jixiao executable: everything lives in the engine library (engine/cli/app.h).
#include <iostream>

#include "engine/cli/app.h"

int main(int argc, char** argv) { return jixiao::RunCli(argc, argv, std::cout, std::cerr); }
